from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme


def index(request):
    return render(request, "forum/index.html")


@login_required
def sso_return(request):
    # Group membership comes from the verified ID token claims allauth stored at login.
    account = request.user.socialaccount_set.first()
    if account is not None and "moderators" in account.extra_data.get("groups", []):
        request.session["is_moderator"] = True
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=True):
        target = "/"
    return redirect(target)
