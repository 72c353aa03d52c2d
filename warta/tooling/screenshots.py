"""The README's pictures of the Prefect UI, taken again: ``python -m warta.tooling.screenshots``.

Starts a Prefect server with its UI (a temporary home, a free loopback port), deploys nightly
and backfill to a process work pool as ``warta deploy`` does, and takes screenshots with
headless Chromium (Debian: ``apt-get install chromium``) of

- backfill's custom-run form (docs/img/backfill-form.png): every field titled, typed and
  described, the sources a choice;
- nightly's deployment page (docs/img/nightly-schedule.png): the schedule with its time zone.

The UI is a single-page application that draws after its API calls answer:
``--virtual-time-budget`` lets Chromium run the page's timers and requests for that many
(virtual) milliseconds before it takes the picture.  Look at the pictures before committing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from warta.config import REPO_ROOT, get_settings
from warta.tooling.prefect_processes import prefect_server

OUT = REPO_ROOT / "docs" / "img"
POOL = "warta"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise SystemExit("screenshots: no chromium on PATH (Debian: apt-get install chromium)")


def screenshot(url: str, path: Path, size: str, budget_ms: int) -> None:
    """One page as a PNG; ``--no-sandbox`` because containers often run as root.  The browser
    runs in the newsroom's zone, as a newsroom's would: the UI shows times in it."""
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        # without it some pages were caught mid fade-in, their content dimmed
        "--run-all-compositor-stages-before-draw",
        f"--window-size={size}",
        f"--virtual-time-budget={budget_ms}",
        f"--screenshot={path}",
        url,
    ]
    env = {**os.environ, "TZ": get_settings().default_timezone}
    subprocess.run(command, check=True, capture_output=True, timeout=180, env=env)
    print(f"screenshots: {path} ({path.stat().st_size // 1024} KiB) of {url}")


def take(out: Path, budget_ms: int) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.deploy import deploy_to_pool

    with (
        tempfile.TemporaryDirectory(prefix="warta-prefect-ui-") as home,
        prefect_server(Path(home), ui=True) as api_url,
        temporary_settings(updates={PREFECT_API_URL: api_url}),
    ):
        ids = deploy_to_pool(POOL).deployments
        ui = api_url.removesuffix("/api")
        screenshot(
            f"{ui}/deployments/deployment/{ids['backfill/backfill']}/run",
            out / "backfill-form.png",
            "1400,1350",
            budget_ms,
        )
        screenshot(
            f"{ui}/deployments/deployment/{ids['nightly/nightly']}",
            out / "nightly-schedule.png",
            "1400,700",
            budget_ms,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the PNGs")
    parser.add_argument(
        "--budget-ms", type=int, default=15000, help="virtual time the UI gets to draw"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    take(args.out, args.budget_ms)


if __name__ == "__main__":
    main()
