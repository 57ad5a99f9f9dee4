"""`make lint`'s dependency audit: every exact pin checked by pip-audit against an advisory
service, and a printed reason instead of a silent pass when no service answers.

pip-audit has no offline database. It asks PyPI's JSON API (its default) or any
OSV-compatible server; a machine without internet can point it at a local mirror of the
OSV PyPI dump: PIP_AUDIT_ARGS="--vulnerability-service osv --osv-url http://osv.lan/v1/query".
When no service answers (or every package comes back "not found", as from a PyPI mirror
without the JSON API), the audit is skipped with the reason printed; PIP_AUDIT_REQUIRED=1
(CI with network) turns that skip into a failure.
"""

import json
import os
import shlex
import subprocess
import sys

REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]
# Advisories that do not apply to Rinde: id → why (reviewed again on every upgrade).
ACCEPTED: dict[str, str] = {}


def main() -> int:
    command = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip"]
    command += ["--format", "json", "--progress-spinner", "off"]
    for path in REQUIREMENTS:
        command += ["--requirement", path]
    for advisory in ACCEPTED:
        command += ["--ignore-vuln", advisory]
    command += shlex.split(os.environ.get("PIP_AUDIT_ARGS", ""))
    run = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        dependencies = json.loads(run.stdout)["dependencies"]
    except (ValueError, KeyError):
        last_line = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return skipped(f"pip-audit failed: {last_line}")
    not_audited = [d for d in dependencies if "skip_reason" in d]
    if dependencies and len(not_audited) == len(dependencies):
        return skipped(not_audited[0]["skip_reason"])
    if not_audited:
        names = ", ".join(d["name"] for d in not_audited)
        print(f"pip-audit: {len(not_audited)} packages could not be audited: {names}")
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        print("pip-audit: upgrade the pins above, or explain each advisory in ACCEPTED.")
        return 1
    audited = len(dependencies) - len(not_audited)
    print(f"pip-audit: {audited} pinned packages, no known vulnerability.")
    return 0


def skipped(reason: str) -> int:
    print(f"pip-audit: SKIPPED, no advisory service answered ({reason}).")
    print("  Dependencies were NOT audited. Set PIP_AUDIT_ARGS to reach a local OSV mirror.")
    if os.environ.get("PIP_AUDIT_REQUIRED") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
