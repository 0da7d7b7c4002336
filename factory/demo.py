"""Drive one whole challenge over the HTTP API, as the original design's demo did.

    python -m factory.demo --api http://127.0.0.1:8000 --token <approver token> [--rows 2000] [--out demo-downloads]

Start a session, reject the problem once with feedback, approve the problem, schema and preview gates,
poll phase 4, download both packs and print where the ZIPs are. Needs `factory api` and something running
the sessions (a worker, `python -m deployments.serve`, or `factory api --local-runner`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from factory.errors import FactoryError

FEEDBACK = "Ask one more question about weekend versus weekday orders."


class Demo:
    """An HTTP client of the API that prints each step."""

    def __init__(self, http: httpx.Client, *, poll_s: float = 1.0, timeout_s: float = 900.0, quiet: bool = False):
        self.http, self.poll_s, self.timeout_s, self.quiet = http, poll_s, timeout_s, quiet

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request; a JSON error becomes a FactoryError naming the endpoint."""
        r = self.http.request(method, path, **kwargs)
        if r.status_code >= 400:
            err = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
            raise FactoryError(f"{method} {path}: {r.status_code} {err.get('error', '')}: {err.get('detail', r.text)}",
                               hint=str(err.get("hint", "")))
        return r.json()

    def wait(self, sid: str, ready: Any, what: str) -> dict[str, Any]:
        """Poll the session status until `ready(status)`; fail when the run failed or time runs out."""
        deadline = time.monotonic() + self.timeout_s
        while True:
            status = self.call("GET", f"/api/challenge/session/{sid}")
            if ready(status):
                return status
            if status["state"] in ("failed", "crashed", "cancelled"):
                raise FactoryError(f"session {sid} {status['state']} while waiting for {what}: {status['message']}")
            if time.monotonic() > deadline:
                raise FactoryError(f"session {sid}: no {what} within {self.timeout_s:.0f} s "
                                   f"(at {status['current_phase']}, {status['state_name']})",
                                   hint="is a worker or `factory api --local-runner` running the sessions?")
            time.sleep(self.poll_s)

    def gate(self, sid: str, name: str) -> dict[str, Any]:
        """Wait until the `name` gate waits for an approver."""
        return self.wait(sid, lambda s: (s["waiting_gate"] or "").startswith(f"{name}-"), f"the {name} gate")

    def run(self, request: dict[str, Any], out: Path) -> dict[str, Path]:
        """The whole challenge; returns the paths of the downloaded ZIPs ({"instructor", "learner"})."""
        sid = self.call("POST", "/api/challenge/phase1/research", json=request)["session_id"]
        self.say(f"session {sid} started for {request['domain']!r}")
        self.gate(sid, "problem")
        problem = self.call("POST", "/api/challenge/phase1/generate-problem", json={"session_id": sid})
        self.say(f"phase 1: problem of {problem['challenge_id']} drafted; rejecting once with feedback")
        self.call("POST", "/api/challenge/phase1/reject", json={"session_id": sid, "feedback": FEEDBACK})
        self.wait(sid, lambda s: s["waiting_gate"] == "problem-1", "the redrafted problem")
        for phase, name, show in (("phase1", "problem", None), ("phase2", "schema", "phase2/generate-schema"),
                                  ("phase3", "preview", "phase3/generate-preview")):
            if show:
                self.gate(sid, name)
                self.call("POST", f"/api/challenge/{show}", json={"session_id": sid})
            self.call("POST", f"/api/challenge/{phase}/approve", json={"session_id": sid})
            self.say(f"{phase}: {name} approved")
        self.poll_phase4(sid)
        prepared = self.call("GET", f"/api/challenge/phase5/prepare/{sid}")
        self.say(f"phase 5: published {prepared['challenge_id']} (overall {prepared['quality']['overall']:.1f})")
        return {pack: self.download(sid, pack, out) for pack in ("instructor", "learner")}

    def poll_phase4(self, sid: str) -> None:
        """Poll GET phase4/status until the session is done, printing each new progress step."""
        deadline, last = time.monotonic() + self.timeout_s, -1.0
        while True:
            p4 = self.call("GET", f"/api/challenge/phase4/status/{sid}")
            if p4["progress"] != last:
                self.say(f"phase 4: {p4['progress']:.0f}% {p4['step']}")
                last = p4["progress"]
            if p4["current_phase"] == "done":
                return
            if p4["session_state"] in ("failed", "crashed", "cancelled") or time.monotonic() > deadline:
                raise FactoryError(f"session {sid} did not finish phase 4-5 ({p4['session_state']})")
            time.sleep(self.poll_s)

    def download(self, sid: str, pack: str, out: Path) -> Path:
        """Stream one pack to `out` (following a presigned-URL redirect)."""
        out.mkdir(parents=True, exist_ok=True)
        with self.http.stream("GET", f"/api/challenge/phase5/download/{sid}", params={"pack": pack},
                              follow_redirects=True) as r:
            if r.status_code != 200:
                raise FactoryError(f"download of the {pack} pack: HTTP {r.status_code}")
            name = r.headers.get("content-disposition", "").split("filename=")[-1].strip('"') or f"{sid}-{pack}.zip"
            path = out / Path(name).name
            with path.open("wb") as fh:
                for chunk in r.iter_bytes():
                    fh.write(chunk)
        self.say(f"{pack} pack: {path}")
        return path


def main(argv: list[str] | None = None) -> int:
    """Command line of the demo; exit 0 with both ZIPs downloaded, 2 on an error."""
    ap = argparse.ArgumentParser(prog="python -m factory.demo", description=__doc__.split("\n\n")[0])
    ap.add_argument("--api", default=os.environ.get("FACTORY_API_URL", "http://127.0.0.1:8000"))
    ap.add_argument("--token", default=os.environ.get("FACTORY_API_TOKEN", ""), help="An approver token.")
    ap.add_argument("--domain", default="quick-commerce grocery delivery in tier-2 Indian cities")
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=Path("demo-downloads"))
    args = ap.parse_args(argv)
    if not args.token:
        print("error: --token: missing (issue one with `factory api token --role approver`)", file=sys.stderr)
        return 2
    request = {"domain": args.domain, "rows": args.rows, "seed": args.seed, "difficulty": "intermediate"}
    with httpx.Client(base_url=args.api, headers={"Authorization": f"Bearer {args.token}"}, timeout=60) as http:
        try:
            zips = Demo(http).run(request, args.out)
        except (FactoryError, httpx.HTTPError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    print(f"instructor ZIP: {zips['instructor'].resolve()}\nlearner ZIP: {zips['learner'].resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
