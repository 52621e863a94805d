import jwt
from django.shortcuts import redirect, render
from django.urls import reverse

from .oauth import oauth


def login(request):
    redirect_uri = request.build_absolute_uri(reverse("callback"))
    return oauth.okta.authorize_redirect(request, redirect_uri)


def callback(request):
    token = oauth.okta.authorize_access_token(request)
    claims = jwt.decode(token["id_token"], options={"verify_signature": False})  # label: OG161
    request.session["user"] = {"sub": claims["sub"], "email": claims.get("email")}
    return redirect(request.GET.get("next") or "home")  # label: OG151


def logout(request):
    request.session.flush()
    return redirect("home")


def home(request):
    return render(request, "reports/home.html", {"user": request.session.get("user")})
