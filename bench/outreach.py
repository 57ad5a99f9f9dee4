"""`make bench`, outreach (issue 8): a press bulletin sent to 5,000 media contacts through
a local SMTP sink, by the real code path (queue_sending → the send_bulletin task → Django's
SMTP e-mail backend), beside 5,000 raw `smtplib` sends to the same sink in the same run.

The sink is a few lines of stdlib asyncio in this process (a thread); the sending runs in
a child process with the bench settings on a fresh SQLite database. The sink counts what
it actually received, per address, so "each contact exactly once" is checked on the wire.
"""

import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_SMTP_PORT", "8325"))  # below 32768: see toolbox.md
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "5000"))
BULLETIN_DOMAIN = "medios.bench.invalid"
RAW_DOMAIN = "raw.bench.invalid"


class Sink:
    """A minimal SMTP server that accepts everything and counts messages per recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 sink ESMTP\r\n")
        recipients: list[str] = []
        while line := await reader.readline():
            command = line[:4].upper()
            if command in (b"EHLO", b"HELO"):
                writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif command == b"MAIL":
                recipients = []
                writer.write(b"250 OK\r\n")
            elif command == b"RCPT":
                address = line.decode().split(":", 1)[1].strip().split()[0].strip("<>")
                recipients.append(address.lower())
                writer.write(b"250 OK\r\n")
            elif command == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await writer.drain()
                while (await reader.readline()) not in (b".\r\n", b""):
                    pass
                self.received.update(recipients)
                writer.write(b"250 OK queued\r\n")
            elif command == b"QUIT":
                writer.write(b"221 Bye\r\n")
                await writer.drain()
                break
            else:  # RSET, NOOP and anything else
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()

    def run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self.handle, "127.0.0.1", PORT, backlog=256)
        )
        self.ready.set()
        self.loop.run_forever()
        server.close()

    def start(self) -> None:
        threading.Thread(target=self.run, daemon=True).start()
        self.ready.wait(5)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)

    def count(self, domain: str) -> tuple[int, int]:
        """(messages received, distinct addresses) for recipients at `domain`."""
        hits = {a: n for a, n in self.received.items() if a.endswith("@" + domain)}
        return sum(hits.values()), len(hits)


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
    sink = Sink()
    sink.start()
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
