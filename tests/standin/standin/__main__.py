"""`python3 -m standin ...` (with tests/standin on PYTHONPATH): the one entry point; tests/standin/run calls it."""
import signal

from .server import main

if __name__ == "__main__":
    # SIGTERM (how the tests and scripts/demo stop it) ends serve_forever cleanly, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    main()
