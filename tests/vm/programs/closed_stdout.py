"""A program may close its own sys.stdout, as `python -m json.tool` does; at
exit only the streams still open are flushed, so the exit status stays 0."""
import sys

print("written before closing")
sys.stdout.close()
sys.stderr.write("stderr still open\n")
