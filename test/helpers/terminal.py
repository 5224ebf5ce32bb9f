"""Runs a command in a pseudo-terminal and answers it like a user: for each (text, keys) pair,
waits until the text appears, then types the keys. Prints what the terminal showed, then
`[exit=N]`. Used to test prompts and Ctrl-C at a prompt.

Usage: terminal.py <timeout-seconds> [<wait-for-text> <keys-with-python-escapes>]... -- command args...
"""
import fcntl, os, pty, select, struct, sys, termios, time

split = sys.argv.index('--')
timeout, pairs, command = float(sys.argv[1]), sys.argv[2:split], sys.argv[split + 1:]
steps = [(pairs[i].encode(), pairs[i + 1].encode().decode('unicode_escape').encode()) for i in range(0, len(pairs), 2)]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
# A real terminal size: prompt libraries wrap every character on a 0-column terminal.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))

seen, searched_from, deadline = b'', 0, time.time() + timeout
finished, status = 0, 0
while time.time() < deadline and not finished:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b''
        seen += chunk
    if steps:
        found = seen.find(steps[0][0], searched_from)
        if found >= 0:
            time.sleep(0.15)
            os.write(fd, steps[0][1])
            searched_from = found + len(steps[0][0])
            steps.pop(0)
    finished, status = os.waitpid(pid, os.WNOHANG)
if not finished:
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors='replace'))
sys.stdout.write('\n[exit=%s]\n' % os.waitstatus_to_exitcode(status))
