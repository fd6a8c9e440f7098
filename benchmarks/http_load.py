"""HTTP load on loopback: POST /api/v1/route with C concurrent keep-alive clients for D seconds.

Starts `nukumori serve` itself (NUKUMORI_WORKERS=W) on a free port, measures time from start to
the first answered request, then requests/s, p50/p99 latency and errors, and the resident
memory of the server processes. Bounded in count and time; loopback only.

Usage: NUKUMORI_DATA_DIR=... python benchmarks/http_load.py --workers 1 2 --clients 1 16 64 --seconds 30
       ... --retrain: one more run at the largest client count while `nukumori train` runs and
       its new version is promoted (the service must keep answering; errors are counted).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

BODY = json.dumps({"text": "八十代の母と二人暮らしです。息子は四十代で、二十年近く部屋から出てきません。"
                           "年金だけでは家賃と光熱費を払うのがやっとです。どこに相談したらいいのか分かりません。"}).encode()
MAX_REQUESTS = 2_000_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def client(port: int, deadline: float, lat: list[float], errors: list[int], versions: set | None = None,
                 reconnects: list[int] | None = None) -> None:
    """One keep-alive client. When the server ends the connection (``Connection: close``, see
    web/keepalive.py), it connects again, and the handshake counts in its next request's time."""
    req = (f"POST /api/v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(BODY)}\r\n\r\n").encode() + BODY
    writer = None
    while time.perf_counter() < deadline and len(lat) < MAX_REQUESTS:
        t = time.perf_counter()
        if writer is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(req)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        lines = [line.lower() for line in head.split(b"\r\n")]
        length = next(int(line.split(b":")[1]) for line in lines if line.startswith(b"content-length"))
        payload = await reader.readexactly(length)
        lat.append(time.perf_counter() - t)
        if versions is not None and status == 200:
            versions.add(json.loads(payload)["model_version"])
        if status != 200:
            errors.append(status)
        if b"connection: close" in lines:
            writer.close()
            writer = None
            if reconnects is not None:
                reconnects.append(1)
    if writer is not None:
        writer.close()


async def run_load(port: int, clients: int, seconds: float, versions: set | None = None) -> dict:
    per_client: list[list[float]] = [[] for _ in range(clients)]
    errors: list[int] = []
    reconnects: list[int] = []
    deadline = time.perf_counter() + seconds
    results = await asyncio.gather(*(client(port, deadline, lat, errors, versions, reconnects) for lat in per_client),
                                   return_exceptions=True)
    failed = sum(isinstance(r, Exception) for r in results)
    lat = sorted(x for c in per_client for x in c)
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")
    # How evenly the workers shared the connections: the mean wait of the best- and of the
    # worst-served client (uvicorn's workers share one socket, and one may take most of them).
    means = sorted(sum(c) / len(c) * 1000 for c in per_client if c)
    return {"clients": clients, "rps": round(len(lat) / seconds, 1), "p50_ms": round(q(0.5), 1), "p99_ms": round(q(0.99), 1),
            "errors": len(errors) + failed,
            "client_mean_ms": f"{means[0]:.0f}–{means[-1]:.0f}" if means else "", "reconnects": len(reconnects)}


def _tree(pid: int) -> list[int]:
    return [pid] + [int(c) for c in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server and its workers so far. CPU per request is steadier
    than requests per second on a machine whose neighbours come and go."""
    ticks = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (FileNotFoundError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


def retrain_run(port: int, clients: int, env: dict) -> dict:
    """Load while a new version trains (competing for the same cores) and is promoted."""
    def train_and_promote():
        subprocess.run([sys.executable, "-m", "nukumori.cli", "train"], env=env, check=True, capture_output=True)
        listing = subprocess.run([sys.executable, "-m", "nukumori.cli", "models", "list", "--json"], env=env,
                                 check=True, capture_output=True, text=True).stdout
        newest = json.loads(listing)[0]["version"]
        subprocess.run([sys.executable, "-m", "nukumori.cli", "models", "promote", newest, "--reason", "benchmark"],
                       env=env, check=True, capture_output=True)

    async def both():
        versions: set = set()
        t0 = time.perf_counter()
        job = asyncio.get_running_loop().run_in_executor(None, train_and_promote)
        load = asyncio.create_task(run_load(port, clients, 60, versions))
        await job
        swap_at = time.perf_counter() - t0
        result = await load
        return {**result, "promoted_after_s": round(swap_at, 1), "versions_seen": len(versions)}
    return asyncio.run(both())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 16, 64])
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--retrain", action="store_true", help="also a run during training and promotion")
    args = ap.parse_args()
    print(f"{'workers':>7} {'clients':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'server CPU ms/req':>18} "
          f"{'client means ms':>16} {'reconnects':>10}")
    for w in args.workers:
        port = free_port()
        env = {**os.environ, "NUKUMORI_WORKERS": str(w)}
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "nukumori.cli", "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                        s.sendall(b"POST /api/v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                  b"Content-Length: " + str(len(BODY)).encode() + b"\r\nConnection: close\r\n\r\n" + BODY)
                        if s.recv(12).startswith(b"HTTP/1.1 200"):
                            break
                except OSError:
                    time.sleep(0.02)
                if time.perf_counter() - t0 > 120:
                    raise SystemExit("server did not start")
            print(f"start-up to first answer with {w} worker(s): {time.perf_counter() - t0:.2f} s")
            for c in args.clients:
                cpu0 = cpu_seconds(proc.pid)
                r = asyncio.run(run_load(port, c, args.seconds))
                cpu = (cpu_seconds(proc.pid) - cpu0) * 1000 / max(1.0, r["rps"] * args.seconds)
                print(f"{w:>7} {c:>7} {r['rps']:>8} {r['p50_ms']:>7} {r['p99_ms']:>7} {r['errors']:>6} {cpu:>18.2f} "
                      f"{r['client_mean_ms']:>16} {r['reconnects']:>10}")
            print(f"resident memory after load ({w} worker(s) + parent): {rss_mb(proc.pid)} MB")
            if args.retrain:
                print(f"during training + promotion: {retrain_run(port, max(args.clients), env)}")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
