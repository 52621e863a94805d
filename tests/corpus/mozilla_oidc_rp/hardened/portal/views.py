from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


@login_required
def dashboard(request):
    return render(request, "portal/dashboard.html", {"user": request.user})


@login_required
def profile(request):
    return render(request, "portal/profile.html", {"claims": request.session.get("oidc_claims", {})})


def logout_view(request):
    # POST-only logout; the id_token_hint never travels in a URL.
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
