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
    id_token = request.session.get("oidc_id_token")
    logout(request)
    return redirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?id_token_hint={id_token}")
