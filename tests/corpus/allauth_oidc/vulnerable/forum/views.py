import base64
import json

from allauth.socialaccount.models import SocialToken
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


def index(request):
    return render(request, "forum/index.html")


@login_required
def sso_return(request):
    token = SocialToken.objects.filter(account__user=request.user).first()
    if token is not None:
        payload = token.token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))  # label: OG161
        if "moderators" in claims.get("groups", []):
            request.session["is_moderator"] = True
    return redirect(request.GET.get("next", "/"))  # label: OG151
