from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.accounts import throttling
from lms.accounts.access import access_data_export
from lms.accounts.forms import (
    AccessCodeForm,
    EmailChangeForm,
    MagicLinkRequestForm,
    PasswordResetByOutboxForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)
from lms.accounts.http import AuthenticatedHttpRequest
from lms.accounts.models import AccountDeletionRequest, DeletionRequestStatus, MagicLinkPurpose
from lms.accounts.profile_sections import profile_sections
from lms.accounts.selectors import latest_data_export
from lms.accounts.services.data_export import data_export_request
from lms.accounts.services.email_change import EmailTaken, email_change_request, pending_email_change
from lms.accounts.services.magic_links import magic_link_consume, magic_link_find, magic_link_request
from lms.accounts.services.profile import account_deletion_cancel, account_deletion_request
from lms.accounts.services.signup import user_confirm_email, user_signup
from lms.runtime.language import set_language_cookie

AUTH_BACKEND = "lms.accounts.backends.EmailOrLoginIdBackend"
CODE_SIGN_IN_SESSION_KEY = "accounts:signed_in_with_code"


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def too_many(request: HttpRequest, form, name: str) -> bool:
    """Count one use of an e-mail-sending form; over the limit, say so on the form."""
    if throttling.form_rate_limited(form=name, ip=throttling.client_ip(request)):
        form.add_error(None, _("Trop de demandes depuis cette connexion. Réessayez dans une heure."))
        return True
    return False


def signed_in_response(response: HttpResponse, user) -> HttpResponse:
    """After sign-in, the person's own language applies on this device too, and the device is
    known as theirs: a stranger's failed guesses no longer block password sign-in on it."""
    set_language_cookie(response, user.preferred_language)
    throttling.remember_device(response, identifier=user.email or user.login_id or "")
    return response


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        return signed_in_response(super().form_valid(form), form.get_user())


class SignOutView(auth_views.LogoutView):
    """POST signs out, then redirects to a page that is safe to reload."""

    next_page = reverse_lazy("accounts:signed_out")  # type: ignore[assignment]  # Django resolves a lazy URL too


def sign_in_elsewhere(request: HttpRequest) -> HttpResponse:
    """Django's and Wagtail's own login pages (/django-admin/login/, /admin/login/, /_util/login/):
    everyone signs in on the site's form, under one set of rules. Someone already signed in who
    is sent here lacks access to what they asked for; sending them to the sign-in form would loop."""
    if request.user.is_authenticated:
        messages.error(request, _("Votre compte n'a pas accès à cette page."))
        return redirect("courses:dashboard")
    url = reverse("accounts:login")
    next_url = safe_next(request, request.GET.get("next"))
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


def password_reset_elsewhere(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Wagtail's password reset pages: the site's own form sends its link through the outbox."""
    return redirect("accounts:password_reset")


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not too_many(request, form, "sign_up"):
        data = form.cleaned_data
        user_signup(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            audiences=data["audiences"],
            password=data["password"] or None,
            preferred_language=getattr(request, "LANGUAGE_CODE", "fr"),
        )
        # The same page whether or not the address already had an account.
        request.session["check_inbox_email"] = data["email"]
        return redirect("accounts:sign_up_done")
    return render(request, "accounts/sign_up.html", {"form": form})


def sign_up_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_inbox.html", {"email": request.session.get("check_inbox_email")})


@require_http_methods(["GET", "POST"])
def magic_link_request_view(request: HttpRequest) -> HttpResponse:
    form = MagicLinkRequestForm(request.POST or None)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and form.is_valid() and not too_many(request, form, "magic_link"):
        email = form.cleaned_data["email"]
        if throttling.sign_in_links_exhausted(email=email):
            # Said for every address alike: the person uses a link already sent, or waits.
            return render(request, "accounts/check_inbox.html", {"email": email, "links_exhausted": True})
        magic_link_request(email=email, next_url=next_url)
        request.session["check_inbox_email"] = email
        return redirect("accounts:magic_link_sent")
    return render(request, "accounts/magic_link_request.html", {"form": form, "next": next_url})


def magic_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/check_inbox.html",
        {"email": request.session.get("check_inbox_email"), "magic_link": True},
    )


@require_http_methods(["GET", "POST"])
def magic_link_landing(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: mail scanners fetch links, and must not sign anyone in."""
    if request.method == "GET":
        link = magic_link_find(token)
        if link is None:
            return render(request, "accounts/magic_link_invalid.html", status=410)
        return render(request, "accounts/magic_link_landing.html", {"link": link})
    try:
        link = magic_link_consume(token=token)
    except EmailTaken as taken:
        return render(request, "accounts/email_change_taken.html", {"email": str(taken)}, status=409)
    if link is None:
        return render(request, "accounts/magic_link_invalid.html", status=410)
    login(request, link.user, backend=AUTH_BACKEND)
    translation.activate(link.user.preferred_language)
    if link.purpose == MagicLinkPurpose.EMAIL_CHANGE:
        messages.success(request, _("Votre adresse e-mail est confirmée : %(email)s.") % {"email": link.email})
    else:
        messages.success(
            request, _("Connexion réussie. Bienvenue, %(name)s !") % {"name": link.user.first_name or link.user}
        )
    response = redirect(safe_next(request, link.next_url) or reverse("courses:dashboard"))
    return signed_in_response(response, link.user)


@require_http_methods(["GET", "POST"])
def access_code_sign_in(request: HttpRequest) -> HttpResponse:
    """First sign-in with a printed code; then the person chooses a password."""
    form = AccessCodeForm(request.POST or None, request=request)
    # A valid form holds the person the code signed in (AccessCodeForm.clean).
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user, backend=AUTH_BACKEND)
        # The code stands in for the password: choosing a new one must not ask for the old one.
        request.session[CODE_SIGN_IN_SESSION_KEY] = True
        translation.activate(form.user.preferred_language)
        messages.success(
            request,
            _("Bienvenue, %(name)s ! Choisissez maintenant un mot de passe : le code ne servira plus.")
            % {"name": form.user.first_name or form.user},
        )
        return signed_in_response(redirect("accounts:password_change"), form.user)
    return render(request, "accounts/access_code.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        with translation.override(user.preferred_language):
            messages.success(request, _("Votre profil est enregistré."))
        response = redirect("accounts:profile")
        # The language chosen here applies at once, as with the language link.
        set_language_cookie(response, form.cleaned_data["preferred_language"])
        return response
    deletion = AccountDeletionRequest.objects.filter(user=request.user, status=DeletionRequestStatus.PENDING).first()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "deletion": deletion,
            "data_export": latest_data_export(request.user),
            "pending_email": pending_email_change(request.user),
            "sections": profile_sections(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add an address (agents who signed in with a code) or change it, confirmed by a link."""
    form = EmailChangeForm(request.POST or None, user=request.user)
    # Counted before validation, so that every attempt counts.
    if request.method == "POST" and not too_many(request, form, "email_change") and form.is_valid():
        link = email_change_request(user=request.user, email=form.cleaned_data["email"])
        if link is None:
            form.add_error(None, _("Trop de liens envoyés pour ce compte. Réessayez dans une heure."))
        else:
            messages.success(
                request,
                _("Nous avons envoyé un lien à %(email)s. Ouvrez-le dans les 2 jours pour enregistrer cette adresse.")
                % {"email": link.email},
            )
            return redirect("accounts:profile")
    return render(request, "accounts/email_change.html", {"form": form, "pending": pending_email_change(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            account_deletion_cancel(user=request.user)
            messages.success(request, _("Votre demande de suppression est annulée."))
        else:
            account_deletion_request(user=request.user)
            messages.success(
                request,
                _("Votre demande de suppression est enregistrée. Elle sera traitée dans un délai d'un mois."),
            )
        return redirect("accounts:profile")
    return render(request, "accounts/deletion_request.html")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetByOutboxForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if too_many(self.request, form, "password_reset"):
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link came to the person's address: that confirms it.
        user_confirm_email(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password; someone who signed up without one just chooses it."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    request: AuthenticatedHttpRequest  # Django's PasswordChangeView requires a sign-in

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "after_code": bool(self.request.session.get(CODE_SIGN_IN_SESSION_KEY)),
        }

    def get_form_class(self):
        if self.request.session.get(CODE_SIGN_IN_SESSION_KEY) or not self.request.user.has_usable_password():
            return SetPasswordForm
        return PasswordChangeForm

    def form_valid(self, form):
        if "old_password" in form.fields:
            messages.success(self.request, _("Votre mot de passe est modifié."))
        else:
            messages.success(self.request, _("Votre mot de passe est enregistré."))
        response = super().form_valid(form)
        self.request.session.pop(CODE_SIGN_IN_SESSION_KEY, None)
        return response


@login_required
@require_http_methods(["POST"])
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """File the request; the archive is built in the background and announced by e-mail."""
    data_export_request(user=request.user)
    messages.success(
        request,
        _("Votre demande est enregistrée : vous recevrez un e-mail avec un lien dès que l'archive sera prête."),
    )
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET"])
def data_export_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    export = access_data_export(request.user, pk)
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename="donnees-passerelle.zip", content_type="application/zip"
    )
