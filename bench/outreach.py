"""`make bench`, outreach (issue 8): a press bulletin sent to 5,000 media contacts through
a local SMTP sink, by the real code path (queue_sending → the send_bulletin task → Django's
SMTP e-mail backend), beside 5,000 raw `smtplib` sends to the same sink in the same run.

The sink (rinde/outreach/tests/smtp_sink.py, stdlib asyncio, no dependency) runs in a
thread of this process; the sending runs in a child process with the bench settings on a
fresh SQLite database. The sink counts what it actually received, per address, so "each
contact exactly once" is checked on the wire.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rinde.outreach.tests.smtp_sink import SmtpSink  # noqa: E402 - plain stdlib, no Django

PORT = int(os.environ.get("BENCH_SMTP_PORT", "8325"))  # below 32768: see toolbox.md
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "5000"))
BULLETIN_DOMAIN = "medios.bench.invalid"
RAW_DOMAIN = "raw.bench.invalid"


CHILD = r"""
import email.policy, os, smtplib, sys, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from rinde.outreach import bulletins
from rinde.outreach.models import Bulletin, Delivery, DeliveryStatus, MediaContact, MediaList

n, port = int(sys.argv[1]), int(sys.argv[2])
MediaContact.objects.bulk_create(
    [
        MediaContact(outlet=f"Medio {i}", scope="local", medium="radio", email=f"prensa{i}@medios.bench.invalid")
        for i in range(n)
    ],
    batch_size=1000,
)
everyone = MediaList.objects.create(name="Todos los medios")
everyone.contacts.add(*MediaContact.objects.values_list("pk", flat=True))
bulletin = Bulletin.objects.create(
    title="La Alcaldía rinde cuentas el 15 de diciembre",
    slug="audiencia-2023",
    lead="La audiencia pública será en el CAMI y se transmitirá en vivo.",
    body="<p>La administración presentará el balance del Plan de Desarrollo.</p>" * 5,
)
bulletins.publish(bulletin, actor=None)

start = time.perf_counter()
queued = bulletins.queue_sending(bulletin, lists=[everyone], actor=None)  # runs the task on commit
bulletin_s = time.perf_counter() - start
sent = Delivery.objects.filter(bulletin=bulletin, status=DeliveryStatus.SENT).count()

# The same message's bytes, sent n times over one connection: the floor SMTP itself sets.
delivery = Delivery.objects.select_related("bulletin", "contact").first()
message = bulletins._message(delivery).message(policy=email.policy.SMTP).as_bytes()
start = time.perf_counter()
with smtplib.SMTP("127.0.0.1", port) as smtp:
    for i in range(n):
        smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [f"raw{i}@raw.bench.invalid"], message)
raw_s = time.perf_counter() - start
print(queued, sent, bulletin_s, raw_s, len(message))
"""


def main() -> int:
    sink = SmtpSink(PORT).start()
    try:
        with tempfile.TemporaryDirectory(prefix="rinde-bench-out-") as var:
            env = {
                **os.environ,
                "RINDE_VAR_DIR": var,
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(PORT),
                # The task runs where it is enqueued: the same send_bulletin task a worker runs.
                "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            }
            env.pop("DATABASE_URL", None)
            child = subprocess.run(
                [sys.executable, "-c", CHILD, str(CONTACTS), str(PORT)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if child.returncode != 0:
                print(child.stderr[-3000:], file=sys.stderr)
                return 1
            out = child.stdout
        time.sleep(0.2)  # the last QUIT is answered after the client has what it needs
        queued, sent, bulletin_s, raw_s, size = (float(x) for x in out.split()[-5:])
        received, distinct = sink.count(BULLETIN_DOMAIN)
        raw_received, _ = sink.count(RAW_DOMAIN)
    finally:
        sink.stop()
    bulletin_rate, raw_rate = CONTACTS / bulletin_s, CONTACTS / raw_s
    print(f"== press bulletin to {CONTACTS:,} media contacts through a local SMTP sink (SQLite)")
    print(f"{'':<44}{'msg/s':>9}{'seconds':>9}{'received':>10}")
    print(
        f"{'raw smtplib, one connection (reference)':<44}{raw_rate:>9.0f}{raw_s:>9.1f}{raw_received:>10}"
    )
    print(
        f"{'bulletin: queue_sending → send_bulletin task':<44}{bulletin_rate:>9.0f}{bulletin_s:>9.1f}{received:>10}"
    )
    print(
        f"ratio {bulletin_rate / raw_rate:.2f}; message {size / 1024:.1f} KB; queued {queued:.0f}, "
        f"marked sent {sent:.0f}; sink received {received} for {distinct} distinct contacts "
        f"(target: {CONTACTS} and {CONTACTS}, each exactly once)"
    )
    ok = received == distinct == CONTACTS == sent and raw_received == CONTACTS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
