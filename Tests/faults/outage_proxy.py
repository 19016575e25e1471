#!/usr/bin/env python3
"""A TCP relay on 127.0.0.1 between the platform and its PostgreSQL that can take the database away.

    outage_proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT [--lifetime SECONDS]

SIGUSR1: the database goes away (every relayed connection is cut, new ones are refused, as when
PostgreSQL stops or the network to it fails). SIGUSR2: it comes back. SIGTERM, the lifetime running
out (default 600 s), or the parent process going: the relay stops. Only the standard library; binds
127.0.0.1 only. The tests use it to prove that the platform answers cleanly while its database is gone
and recovers by itself when it returns.
"""
import asyncio
import os
import signal
import sys


async def main():
    listen_port, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    lifetime = float(sys.argv[sys.argv.index("--lifetime") + 1]) if "--lifetime" in sys.argv else 600.0
    parent = os.getppid()
    open_pairs = set()
    state = {"server": None}

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        finally:
            writer.transport.abort()

    async def relay(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.transport.abort()
            return
        pair = (client_writer, server_writer)
        open_pairs.add(pair)
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
        open_pairs.discard(pair)

    async def up():
        if state["server"] is None:
            state["server"] = await asyncio.start_server(relay, "127.0.0.1", listen_port, reuse_address=True)
            print("up", flush=True)

    def down():
        if state["server"] is not None:
            state["server"].close()
            state["server"] = None
        for a, b in list(open_pairs):
            a.transport.abort()
            b.transport.abort()
        open_pairs.clear()
        print("down", flush=True)

    # A child of the test process may start with these blocked (the mask is inherited): take them back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1, signal.SIGUSR2, signal.SIGTERM])
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, down)
    loop.add_signal_handler(signal.SIGUSR2, lambda: loop.create_task(up()))
    loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    await up()
    deadline = loop.time() + lifetime
    while not stop.done() and loop.time() < deadline and os.getppid() == parent:
        await asyncio.sleep(0.2)
    down()


asyncio.run(main())
