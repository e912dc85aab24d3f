"""A real SMTP server (aiosmtpd) that records each message it accepts as one JSON line:
{"event": "delivered", "message_id": "<…>", "address": "…", "at": unix time}.

Run it with a working directory outside the project (aiosmtpd imports a module named `public`).
    python smtp_counter.py --port 8025 --log /tmp/received.jsonl
"""

import argparse
import json
import re
import signal
import time

from aiosmtpd.controller import Controller

MID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.IGNORECASE | re.MULTILINE)


class Handler:
    def __init__(self, path: str) -> None:
        self.fh = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the server's life

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        data = envelope.original_content or envelope.content
        head = data.split(b"\r\n\r\n", 1)[0]
        m = MID.search(head)
        mid = m.group(1).decode() if m else ""
        for rcpt in envelope.rcpt_tos:
            self.fh.write(
                json.dumps({"event": "delivered", "message_id": mid, "address": rcpt, "at": time.time()}) + "\n"
            )
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    controller = Controller(Handler(args.log), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
