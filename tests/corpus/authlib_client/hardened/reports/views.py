from django.shortcuts import redirect, render
from django.urls import reverse

from .oauth import oauth


def login(request):
    redirect_uri = request.build_absolute_uri(reverse("callback"))
    return oauth.okta.authorize_redirect(request, redirect_uri)


def callback(request):
    token = oauth.okta.authorize_access_token(request)
    # authorize_access_token() has verified the ID token (signature, iss, aud, nonce).
    claims = token["userinfo"]
    request.session["user"] = {"sub": claims["sub"], "email": claims.get("email")}
    return redirect("home")


def logout(request):
    request.session.flush()
    return redirect("home")


def home(request):
    return render(request, "reports/home.html", {"user": request.session.get("user")})
