"""Build the demo's captioned video from the course covers drawn by ../images/make_images.py.

    python demo/content/video/make_video.py

A silent slideshow of the five covers (about 21 s), encoded with Debian's ffmpeg to H.264 MP4
and VP9 WebM, each well under 1 MB; its poster frame is the first cover itself. The files are committed beside
this script, so seed_demo and the tests need no ffmpeg; only rebuilding them does
(`scripts/system-deps.sh media` installs it). The captions (.vtt) and the transcript are written by hand,
not generated: edit them beside the files when the slides change."""

import shutil
import subprocess  # noqa: S404  # runs ffmpeg, a fixed command line with our own file names
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMAGES = HERE.parent / "images"
NAME = "passerelle-en-images"
# The order the captions follow.
SLIDES = [
    "accompagner-son-enfant-sur-internet.png",
    "concevoir-une-seance-avec-le-numerique.png",
    "administrer-le-parc-numerique-d-une-ecole.png",
    "piloter-le-numerique-educatif-de-sa-commune.png",
    "ateliers-numeriques-familles-commune-rurale-ardeche.png",
]
SECONDS = 5  # each slide
FADE = 1  # the cross-fade between two slides
WIDTH, HEIGHT = 960, 480


def filter_graph() -> tuple[str, str]:
    """The cross-faded slideshow as an ffmpeg filter graph, and the label of its last output."""
    parts = [f"[{index}:v]scale={WIDTH}:{HEIGHT},format=yuv420p,setsar=1[s{index}]" for index in range(len(SLIDES))]
    previous = "s0"
    for index in range(1, len(SLIDES)):
        offset = index * (SECONDS - FADE)
        parts.append(f"[{previous}][s{index}]xfade=transition=fade:duration={FADE}:offset={offset}[x{index}]")
        previous = f"x{index}"
    return ";".join(parts), previous


def encode(output: Path, codec: list[str]) -> None:
    inputs = []
    for slide in SLIDES:
        inputs += ["-loop", "1", "-framerate", "12", "-t", str(SECONDS), "-i", str(IMAGES / slide)]
    graph, last = filter_graph()
    command = ["ffmpeg", "-y", "-loglevel", "error", *inputs, "-filter_complex", graph, "-map", f"[{last}]"]
    subprocess.run([*command, "-r", "12", "-an", *codec, str(output)], check=True)  # noqa: S603


def main() -> int:
    if shutil.which("ffmpeg") is None:
        print("ffmpeg is missing: run scripts/system-deps.sh media", file=sys.stderr)  # noqa: T201
        return 1
    encode(HERE / f"{NAME}.mp4", ["-c:v", "libx264", "-preset", "slow", "-crf", "28", "-movflags", "+faststart"])
    encode(HERE / f"{NAME}.webm", ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "40", "-row-mt", "1"])
    for path in sorted(HERE.glob(f"{NAME}*")):
        print(f"{path.name}: {path.stat().st_size // 1024} KB")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
