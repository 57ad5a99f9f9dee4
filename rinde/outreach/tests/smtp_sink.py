"""A minimal SMTP server on stdlib asyncio, in a thread: it accepts every message and counts
them per recipient. Used by the outreach tests (with faults) and by `bench/outreach.py`."""

import asyncio
import threading
from collections import Counter


class SmtpSink:
    def __init__(
        self,
        port: int = 0,
        *,
        drop_after: set[int] = frozenset(),
        greeting: bytes = b"220 sink ESMTP\r\n",
        silent: bool = False,
        refuse: set[str] = frozenset(),
        stall_at: int | None = None,
    ) -> None:
        """`drop_after`: message numbers (1-based) after which the sink hangs up without
        answering, as a server that dies mid-batch does. `greeting`: e.g. a 554 refusal.
        `silent`: it accepts connections and never answers (a hung server). `refuse`:
        addresses refused with 550 at RCPT TO. `stall_at`: the message number whose RCPT
        TO is never answered (the sender is stuck in the envelope; `stalled` is set)."""
        self.port = port
        self.drop_after = set(drop_after)
        self.greeting = greeting
        self.silent = silent
        self.refuse = {a.lower() for a in refuse}
        self.stall_at = stall_at
        self.stalled = threading.Event()
        self.received: Counter[str] = Counter()
        # Each message taken: (its Subject line, its recipients).
        self.messages: list[tuple[str, tuple[str, ...]]] = []
        self.connections = 0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self._messages = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.silent:
            await reader.read()  # until the client gives up and closes
            writer.close()
            return
        writer.write(self.greeting)
        if not self.greeting.startswith(b"220"):
            await writer.drain()
            writer.close()
            return
        recipients: list[str] = []
        while line := await reader.readline():
            command = line[:4].upper()
            if command in (b"EHLO", b"HELO"):
                writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif command == b"MAIL":
                recipients = []
                writer.write(b"250 OK\r\n")
            elif command == b"RCPT":
                address = line.decode().split(":", 1)[1].strip().split()[0].strip("<>").lower()
                if self.stall_at == self._messages + 1 and not self.stalled.is_set():
                    self.stalled.set()
                    await reader.read()  # no answer, until the client is gone
                    break
                if address in self.refuse:
                    writer.write(b"550 5.1.1 No such mailbox\r\n")
                else:
                    recipients.append(address)
                    writer.write(b"250 OK\r\n")
            elif command == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await writer.drain()
                subject = ""
                while (data := await reader.readline()) not in (b".\r\n", b""):
                    if not subject and data.lower().startswith(b"subject:"):
                        subject = data.decode(errors="replace").strip()
                self._messages += 1
                if self._messages in self.drop_after:
                    break  # hang up before saying it was accepted: the client sees a failure
                self.received.update(recipients)
                self.messages.append((subject, tuple(recipients)))
                writer.write(b"250 OK queued\r\n")
            elif command == b"QUIT":
                writer.write(b"221 Bye\r\n")
                await writer.drain()
                break
            else:  # RSET, NOOP and anything else
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self.handle, "127.0.0.1", self.port, backlog=256)
        )
        self.port = server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()
        server.close()
        self.loop.run_until_complete(server.wait_closed())

    def start(self) -> "SmtpSink":
        threading.Thread(target=self._run, daemon=True).start()
        if not self.ready.wait(5):
            raise RuntimeError("the SMTP sink did not start")
        return self

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)

    def count(self, domain: str) -> tuple[int, int]:
        """(messages received, distinct addresses) for recipients at `domain`."""
        hits = {a: n for a, n in self.received.items() if a.endswith("@" + domain)}
        return sum(hits.values()), len(hits)
