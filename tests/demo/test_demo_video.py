"""The demo's captioned video (demo/video.py): small MP4 and WebM files built from the demo's own
drawings, hand-written French captions and transcript, and one module that shows it with a
poster, added once by seed_demo."""

import re
import shutil
import subprocess  # noqa: S404  # ffprobe, when installed, reads the committed files

from django.core.management import call_command

from wagtail.documents import get_document_model

import pytest

from cms.models import ModulePage
from demo.video import COURSE_SLUG, NAME, VIDEO_DIR, demo_video_add

CUE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$", re.MULTILINE)


def seconds(hours, minutes, secs, millis) -> float:
    return int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000


def test_the_video_files_are_small_and_captioned_in_french():
    """MP4 and WebM each under 1 MB; WebVTT cues in order within the 21 s; a transcript of every slide."""
    for suffix in (".mp4", ".webm"):
        assert (VIDEO_DIR / f"{NAME}{suffix}").stat().st_size < 1024 * 1024, suffix
    captions = (VIDEO_DIR / f"{NAME}.vtt").read_text(encoding="utf-8")
    assert captions.startswith("WEBVTT\n")
    cues = [(seconds(*cue[:4]), seconds(*cue[4:])) for cue in CUE.findall(captions)]
    assert len(cues) == 5 and cues[0][0] == 0 and cues[-1][1] <= 21
    assert all(start < end for start, end in cues) and all(a[1] <= b[0] for a, b in zip(cues, cues[1:], strict=False))
    transcript = (VIDEO_DIR / f"{NAME}.html").read_text(encoding="utf-8")
    assert transcript.count("<li>") == 5 and "Sous-titre" in transcript
    if shutil.which("ffprobe"):  # the files are what they say they are
        for suffix, codec in ((".mp4", "h264"), (".webm", "vp9")):
            probe = subprocess.run(  # noqa: S603
                ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration", "-of", "csv=p=0"]
                + [str(VIDEO_DIR / f"{NAME}{suffix}")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            assert probe[0] == codec and round(float(probe[1])) == 21


@pytest.mark.django_db
def test_seed_demo_shows_the_video_in_one_module_with_its_poster_once(client):
    """seed_demo puts the video (WebM, MP4, captions, poster) in the parents' first module, once."""
    call_command("seed_demo")
    documents = get_document_model().objects.count()
    assert demo_video_add() is False  # already there
    assert get_document_model().objects.count() == documents
    with_video = [page for page in ModulePage.objects.live() if any(b.block_type == "video" for b in page.body)]
    assert len(with_video) == 1 and with_video[0].get_parent().slug == COURSE_SLUG
    html = client.get(with_video[0].url).content.decode()
    found = re.search(r"<video[^>]*>.*?</video>", html, re.DOTALL)
    assert found is not None
    video = found.group(0)
    assert re.search(r'poster="[^"]+\.png"', video)
    assert re.findall(r'type="(video/[a-z0-9]+)"', video) == ["video/webm", "video/mp4"]
    assert 'kind="captions"' in video and 'srclang="fr"' in video
    assert "Lire la transcription" in html
