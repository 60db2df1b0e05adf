"""The learner's actions and dashboard at /mon-espace/. Every action is a POST with CSRF; every
object is reached through the learner's own enrolment (404 otherwise)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.access import access_calendar_feed, access_enrolment, access_module_enrolment
from courses.calendar_feed import FEED_PAST_DAYS, calendar_ics
from courses.dashboard_sections import dashboard_sections
from courses.models import Course, EnrolmentStatus
from courses.selectors import course_progress, dashboard_enrolments, learner_calendar, user_territory_ids
from courses.services.calendar_feeds import calendar_feed_get, calendar_feed_renew, feed_token
from courses.services.enrolments import EnrolmentRefused, enrolment_create, enrolment_withdraw
from courses.services.progress import (
    QUIZ_DRAFT_SESSION_KEY,
    ModuleNotFollowed,
    ProgressRefused,
    QuizUnanswered,
    module_done,
    quiz_attempt_submit,
)
from lms.accounts.http import AuthenticatedHttpRequest
from lms.calendar import CONTENT_TYPE

SUGGESTIONS = 3


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    enrolments = list(dashboard_enrolments(request.user, today=timezone.localdate()))
    enrolled_course_ids = [enrolment.course_id for enrolment in enrolments]
    suggestions = (
        Course.objects.published()
        .filter(Q(audiences__in=request.user.audiences.all()) | Q(audiences__isnull=True))
        .filter(Q(territory__isnull=True) | Q(territory__in=user_territory_ids(request.user)))
        .exclude(pk__in=enrolled_course_ids)
        .distinct()
        .order_by("title")[:SUGGESTIONS]
    )
    return render(
        request,
        "courses/dashboard.html",
        {
            "current": [enrolment for enrolment in enrolments if enrolment.status == EnrolmentStatus.ACTIVE],
            "completed": [enrolment for enrolment in enrolments if enrolment.status == EnrolmentStatus.COMPLETED],
            "suggestions": suggestions,
            "sections": dashboard_sections(request),
        },
    )


@login_required
@require_POST
def enrol(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.published(), pk=course_id)
    try:
        enrolment_create(user=request.user, course=course)
    except EnrolmentRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(course.url or "courses:dashboard")
    messages.success(
        request, _("Inscription enregistrée pour « %(title)s ». Bonne formation !") % {"title": course.title}
    )
    return redirect(course.url or "courses:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access_enrolment(request.user, enrolment_id)
    if request.method == "POST":
        if enrolment_withdraw(enrolment=enrolment):
            messages.success(
                request,
                _("Vous avez quitté « %(title)s ». Votre progression est gardée si vous revenez.")
                % {"title": enrolment.course.title},
            )
        return redirect("courses:dashboard")
    return render(request, "courses/withdraw.html", {"enrolment": enrolment})


@login_required
def resume(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access_enrolment(request.user, enrolment_id)
    next_module = course_progress(enrolment).next_module
    return redirect((next_module and next_module.url) or enrolment.course.url or "courses:dashboard")


@login_required
@require_POST
def complete_module(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    try:
        progress = module_done(user_id=request.user.pk, module_id=module_id)
    except ModuleNotFollowed:
        raise Http404 from None
    except ProgressRefused as refusal:
        messages.error(request, str(refusal))
        # module_done names the module it refuses; without one, the dashboard is the way back.
        return HttpResponseRedirect(refusal.module.url if refusal.module else reverse("courses:dashboard"))
    enrolment = progress.enrolment
    if progress.completed_now:
        return course_completed(request, enrolment)
    if progress.is_finished:
        messages.success(
            request, _("Module terminé. Votre formation était déjà terminée : votre attestation reste valable.")
        )
    else:
        messages.success(request, _("Module terminé."))
    # Module URLs are paths: HttpResponseRedirect, as redirect() would first try them as URL names.
    next_module = progress.next_module
    if next_module is None or next_module.pk == module_id:
        return HttpResponseRedirect(next(module.url for module in progress.modules if module.pk == module_id))
    return HttpResponseRedirect(next_module.url)


@login_required
@require_POST
def submit_quiz(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    module, enrolment = access_module_enrolment(request.user, module_id)
    quiz_id = request.POST.get("quiz", "")
    answers = {key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}
    was_completed = enrolment.status == EnrolmentStatus.COMPLETED
    try:
        attempt = quiz_attempt_submit(enrolment=enrolment, module=module, quiz_id=quiz_id, answers=answers)
    except QuizUnanswered as refusal:
        # The module page shows the error next to each blank question, with what was ticked.
        request.session[QUIZ_DRAFT_SESSION_KEY] = {
            "module": module.pk,
            "quiz": quiz_id,
            "answers": refusal.answers,
            "missing": refusal.question_ids,
        }
        return redirect(f"{module.url}#quiz-{quiz_id}")
    except ProgressRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(module.url)
    # The quiz itself shows the score and the explanations, next to the answers.
    if attempt.passed:
        enrolment.refresh_from_db(fields=["status"])
        if enrolment.status == EnrolmentStatus.COMPLETED and not was_completed:
            return course_completed(request, enrolment)
    return redirect(f"{module.url}#quiz-{quiz_id}")


def course_completed(request: HttpRequest, enrolment) -> HttpResponse:
    messages.success(request, _("Bravo, vous avez terminé « %(title)s » !") % {"title": enrolment.course.title})
    return redirect("courses:dashboard")


# --- The learner's calendar: a section of /mon-espace/, a page for the private feed address,
# and the feed itself.

CALENDAR_SHOWN = 8  # the dashboard shows the next few dates; the feed holds them all


def calendar_section_context(request: HttpRequest) -> dict:
    if not request.user.is_authenticated:  # /mon-espace/ signs in first; this narrows the type
        return {"entries": [], "more": False}
    entries = learner_calendar(request.user)
    return {"entries": entries[:CALENDAR_SHOWN], "more": len(entries) > CALENDAR_SHOWN}


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The feed's private address, to paste into a phone or Outlook, and a button that renews it."""
    if request.method == "POST":
        calendar_feed_renew(user=request.user)
        messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
        return redirect("courses:calendar")
    feed = calendar_feed_get(user=request.user)
    feed_url = request.build_absolute_uri(reverse("courses:calendar_feed", args=[feed_token(feed)]))
    return render(
        request,
        "courses/calendar.html",
        {"feed_url": feed_url, "feed": feed, "entries": learner_calendar(request.user)},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics feed, without a session (calendar apps have none): the token is the key."""
    user = access_calendar_feed(token)
    entries = learner_calendar(user, past_days=FEED_PAST_DAYS)
    response = HttpResponse(calendar_ics(entries, site_url=settings.SITE_URL), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
