# SPDX-License-Identifier: BSD-2-Clause
"""The app description file, <app dir>/app.desc, and the flat expectation
files (*.expect) of the tests under test/: parsing only, Python stdlib.

app.desc is plain text, one `key: value` per line, in sections; blank
lines and lines starting with # are ignored:

  [app]                     what the app is and where it runs
  description: TEXT         one line, shown by `make list-apps`
  boards: B1 B2 ...         boards the app supports and is tested on
                            (`all`: every board in configs/boards/)
  unsupported: B: REASON    `make` refuses the app on board B, saying why
                            (one line per board)

  [run]                     how it is booted, by `make run` and by tests
  qemu: ARGS                extra QEMU arguments (shell-quoted)
  setup: CMD                shell command run before QEMU starts

  [test]                    expectations every test case of the app shares
  [test NAME]               one test case: the image NAME_<board> that
                            `make test` builds and boots on each board, also
                            a saved combination (`make NAME_<board>_defconfig`)
  config: CONFIG_X=VALUE    (test case) merged after the app's app.conf
  boards: B1 B2 ...         (test case) only these of the app's boards
  match/reject/exit/timeout/stop/input-after/input/qemu/setup
                            the expectation keys (scripts/rk-qemu.py says
                            what each means)

Without a [test NAME] section an app has one test case named after the
app. A flat *.expect file has no sections: its lines are run and test keys.
"""
import re
import shlex

TEST_KEYS = ("match", "reject", "exit", "timeout", "stop", "input-after", "input", "qemu", "setup")
RUN_KEYS = ("qemu", "setup")
APP_KEYS = ("description", "boards", "unsupported")
CASE_KEYS = ("config", "boards")
CASE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(_[a-z0-9][a-z0-9-]*)*$")


class DescError(Exception):
    pass


class Case:
    def __init__(self, name, where):
        self.name = name
        self.where = where  # "path:line" of its section header
        self.config = []    # "CONFIG_X=value" lines, in order
        self.boards = None  # None: every board of the app
        self.lines = []     # (key, value, where) expectation lines


class AppDesc:
    def __init__(self, path):
        self.path = path
        self.description = ""
        self.boards = None       # None: not declared; ["all"] for every board
        self.unsupported = {}    # board -> reason
        self.run = []            # (key, value, where)
        self.base = []           # [test] lines shared by every case
        self.cases = {}          # name -> Case, in file order


def _lines(path):
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        raise DescError("%s: %s" % (path, e.strerror))
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield n, line


def parse_app_desc(path, app_name):
    """Parse an app.desc; app_name names the implicit test case."""
    desc = AppDesc(path)
    section, case = None, None
    for n, line in _lines(path):
        where = "%s:%d" % (path, n)
        m = re.match(r"^\[\s*(app|run|test)(?:\s+(\S+))?\s*\]\s*$", line)
        if m:
            section, name = m.group(1), m.group(2)
            if name and section != "test":
                raise DescError("%s: [%s] takes no name" % (where, section))
            case = None
            if name:
                if not CASE_NAME.match(name):
                    raise DescError("%s: test case name '%s': use lower-case letters, digits, "
                                    "'-' and single '_' between words" % (where, name))
                if name in desc.cases:
                    raise DescError("%s: test case '%s' given twice" % (where, name))
                case = desc.cases[name] = Case(name, where)
            continue
        if line.startswith("["):
            raise DescError("%s: unknown section %s (sections: [app], [run], [test], "
                            "[test NAME])" % (where, line.strip()))
        key, colon, val = line.partition(":")
        key, val = key.strip(), val.strip()
        if not colon:
            raise DescError("%s: expected 'key: value', got '%s'" % (where, line.strip()))
        if section is None:
            raise DescError("%s: '%s' before any section ([app], [run] or [test])" % (where, key))
        if section == "app":
            if key == "description":
                desc.description = val
            elif key == "boards":
                desc.boards = val.split()
            elif key == "unsupported":
                board, colon, reason = val.partition(":")
                if not colon or not board.strip() or not reason.strip():
                    raise DescError("%s: unsupported wants 'BOARD: reason'" % where)
                desc.unsupported[board.strip()] = reason.strip()
            else:
                raise DescError("%s: unknown key '%s' in [app] (%s)" % (where, key, ", ".join(APP_KEYS)))
        elif section == "run":
            if key not in RUN_KEYS:
                raise DescError("%s: unknown key '%s' in [run] (%s)" % (where, key, ", ".join(RUN_KEYS)))
            desc.run.append((key, val, where))
        elif case is not None and key == "config":
            if not re.match(r"^CONFIG_\w+=", val):
                raise DescError("%s: config wants CONFIG_NAME=value, not '%s'" % (where, val))
            case.config.append(val)
        elif case is not None and key == "boards":
            case.boards = val.split()
        elif key in TEST_KEYS:
            (case.lines if case is not None else desc.base).append((key, val, where))
        else:
            raise DescError("%s: unknown key '%s' in [test%s] (%s)" % (
                where, key, " " + case.name if case else "",
                ", ".join(TEST_KEYS + (CASE_KEYS if case else ()))))
    if not desc.cases:
        desc.cases[app_name] = Case(app_name, path)
    return desc


def empty_spec():
    return {"match": [], "reject": [], "exit": None, "timeout": 30.0, "setup": [], "qemu": [],
            "input": [], "stop": False, "require": []}


def apply(spec, key, val, where):
    """Add one run or expectation line to a spec (the dict rk-qemu.py runs)."""
    if key in ("match", "reject", "input-after"):
        try:
            rx = re.compile(val)
        except re.error as e:
            raise DescError("%s: bad regex: %s" % (where, e))
        if key == "input-after":
            spec["input"].append([rx, b""])
        else:
            spec[key].append(rx)
    elif key == "input":
        try:
            text = val.encode("latin-1").decode("unicode_escape").encode("latin-1")
        except (UnicodeError, ValueError) as e:
            raise DescError("%s: bad input text: %s" % (where, e))
        if not spec["input"]:
            spec["input"].append([None, b""])
        spec["input"][-1][1] += text
    elif key == "exit":
        try:
            spec["exit"] = int(val, 0)
        except ValueError:
            raise DescError("%s: exit wants an integer status, not '%s'" % (where, val))
    elif key == "timeout":
        try:
            spec["timeout"] = float(val)
        except ValueError:
            raise DescError("%s: timeout wants seconds, not '%s'" % (where, val))
    elif key == "stop":
        if val != "matched":
            raise DescError("%s: stop takes 'matched' (end the run, passing, once every match "
                            "line was seen), not '%s'" % (where, val))
        spec["stop"] = True
    elif key == "setup":
        spec["setup"].append(val)
    elif key == "qemu":
        try:
            spec["qemu"].extend(shlex.split(val))
        except ValueError as e:
            raise DescError("%s: bad qemu arguments: %s" % (where, e))
    else:
        raise DescError("%s: unknown key '%s'" % (where, key))


def finish(spec, what):
    """Checks that need the whole spec; sets the default exit status."""
    if spec["stop"]:
        # A stopped run is killed, so it has no exit status to compare,
        # and without a match line it would stop before the image ran.
        if spec["exit"] is not None:
            raise DescError("%s: 'stop: matched' and 'exit:' exclude each other (a stopped "
                            "run is killed and has no exit status)" % what)
        if not spec["match"]:
            raise DescError("%s: 'stop: matched' needs at least one match line" % what)
    elif spec["exit"] is None:
        spec["exit"] = 0
    return spec


def run_spec(desc):
    """The [run] lines alone: what `make run` adds to QEMU."""
    spec = empty_spec()
    for key, val, where in desc.run if desc else []:
        apply(spec, key, val, where)
    return finish(spec, desc.path if desc else "run")


def test_spec(desc, case_name):
    """[run] + [test] + [test CASE] lines, in that order."""
    case = desc.cases.get(case_name)
    if case is None:
        raise DescError("%s: no test case '%s' (it has: %s)"
                        % (desc.path, case_name, ", ".join(desc.cases)))
    spec = empty_spec()
    for key, val, where in desc.run + desc.base + case.lines:
        apply(spec, key, val, where)
    return finish(spec, "%s [test %s]" % (desc.path, case_name))


def parse_expect(path):
    """A flat expectation file: every line a run or test key."""
    spec = empty_spec()
    for n, line in _lines(path):
        key, _, val = line.partition(":")
        if key.strip() not in TEST_KEYS:
            raise DescError("%s:%d: unknown key '%s'" % (path, n, key.strip()))
        apply(spec, key.strip(), val.strip(), "%s:%d" % (path, n))
    return finish(spec, path)
