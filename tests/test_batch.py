"""constdiff batch: manifests, a real dask.distributed LocalCluster of two workers on the seeds, the
Kazakh pairs and the Czech history (against one worker; and with one of its workers killed
mid-run, against a cluster of ``dask scheduler`` and ``dask worker`` processes), timeouts, resume,
Ctrl-C, the CLI.

The cluster tests skip with a reason when Dask (the ``batch`` extra) is not installed; those on
the corpus skip when ``../shared/corpus`` is absent, and their twins on generated pairs run
then all the same.  Results are compared as bytes: the same
manifest must give the same files whatever the number of workers and whatever was lost.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner
from conftest import CORPUS
from dask_fixtures import HAS_DASK, NO_DASK, dask_cluster, drive, needs_dask
from git_fixtures import needs_git, seed_repository

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate_pair  # noqa: E402
from constdiff.batch import (
    ARTICLES,
    JOBS,
    RESULTS,
    ROW_COLUMNS,
    SUMMARY,
    BatchResult,
    JOB_PROCESS_GRACE,
    GitSelection,
    Job,
    Manifest,
    Outcome,
    Settings,
    _every_job_process,
    _JobProcess,
    _Store,
    _user_profiles_digest,
    dask_teardown,
    git_manifest,
    job_key,
    job_record,
    read_manifest,
    report_name,
    run_job,
    write_parquet,
)
from constdiff.batch_cli import _print_summary
from constdiff.cli import main
from constdiff.errors import InputError
from constdiff.limits import with_limits
from constdiff.pipeline import compare_files
from constdiff.seeds import seed_pair

needs_pyarrow = pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow is not installed")
KZ = {"kz-ru": ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"),
      "kz-kk": ("kz-1995-2023.kk.txt", "kz-2026-draft-2026-02-12.kk.docx-extract.txt")}
CZECH = CORPUS.parent / "cz"


def seeds_manifest(folder: Path) -> Path:
    """The seeds as a pair, the seeds there and back as a history, and a job that cannot run."""
    old, new = seed_pair()
    manifest = folder / "seeds.yaml"
    manifest.write_text(
        "jobs:\n"
        f"  - {{id: seeds, old: '{old}', new: '{new}', labels: {{country: Arvenia, year: 2024}}}}\n"
        f"  - {{id: there-and-back, versions: ['{old}', '{new}', '{old}'], labels: {{country: Arvenia}}}}\n"
        f"  - {{id: missing, old: no-such-file.txt, new: '{new}'}}\n",
        encoding="utf-8")
    return manifest


@pytest.fixture
def corpus_manifest(tmp_path: Path) -> Path:
    """The seeds' jobs, the two Kazakh pairs and the Czech history (a folder of ten versions)."""
    if not (CORPUS.is_dir() and CZECH.is_dir()):
        pytest.skip(f"real-text corpus not found at {CORPUS.parent} (it lives beside the repository, in ../shared/corpus)")
    lines = seeds_manifest(tmp_path).read_text(encoding="utf-8").splitlines()
    lines += [f"  - {{id: {name}, old: '{CORPUS / old}', new: '{CORPUS / new}', labels: {{country: KZ}}}}"
              for name, (old, new) in KZ.items()]
    lines.append(f"  - {{id: cz, versions: ['{CZECH}'], lang: cs, labels: {{country: CZ}}}}")
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


@pytest.fixture
def generated_manifest(tmp_path: Path) -> Path:
    """The seeds' jobs and six generated pairs of 100 articles: work for two workers, and for one
    to be killed with jobs left, in any clone (no corpus needed)."""
    lines = seeds_manifest(tmp_path).read_text(encoding="utf-8").splitlines()
    for seed in range(1, 7):
        old, new = generate_pair(100, seed).write(tmp_path / "generated", f"pair-{seed}")
        lines.append(f"  - {{id: generated-{seed}, old: '{old}', new: '{new}', labels: {{corpus: generated}}}}")
    manifest = tmp_path / "generated.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A cluster of two one-thread worker processes, in processes of their own (``dask_fixtures``)."""
    if not HAS_DASK:
        pytest.skip(NO_DASK)
    with dask_cluster("scheduler", "worker ADDRESS --nworkers 2 --nthreads 1", 2) as address:
        yield address


def batch_command(*args: str) -> subprocess.CompletedProcess[str]:
    """``constdiff batch ARGS`` in a process of its own (it runs a Dask client: none in this one)."""
    return subprocess.run([sys.executable, "-m", "constdiff", "batch", *args], capture_output=True, text=True, timeout=900)


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every result file (the jobs' store aside: its files are named by key, not order)."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and JOBS not in path.parts}


# --- manifests ---------------------------------------------------------------------------------


def test_a_csv_manifest_reads_paths_from_its_folder_and_other_columns_as_labels(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    manifest = tmp_path / "jobs.csv"
    manifest.write_text("id,old,new,lang,country,year\nkz,texts/a.txt,texts/b.txt,ru,KZ,2026\n"
                        "cz,,,,CZ,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"job 2 \(cz\): needs old and new"):
        read_manifest(str(manifest))
    manifest.write_text("id,old,new,lang,country,year,versions\nkz,texts/a.txt,texts/b.txt,ru,KZ,2026,\n"
                        "cz,,,,CZ,,v1.md;v2.md\n", encoding="utf-8")
    pair, history = read_manifest(str(manifest)).jobs
    assert pair == Job("kz", str(tmp_path / "texts/a.txt"), str(tmp_path / "texts/b.txt"), language="ru",
                       labels=(("country", "KZ"), ("year", "2026")))
    assert history.kind == "history" and history.versions == (str(tmp_path / "v1.md"), str(tmp_path / "v2.md"))
    assert history.labels == (("country", "CZ"),)
    manifest.write_text("old,new\na.txt,b.txt,c.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 1 has more cells than the header has columns"):
        read_manifest(str(manifest))
    manifest.write_text("old,new,year\na.txt,b.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 1 has fewer cells than the header has columns"):
        read_manifest(str(manifest))


@pytest.mark.parametrize(("text", "problem"), [
    ("jobs:\n  - {old: a.txt, neww: b.txt}\n", "job 1: unknown key 'neww'"),
    ("jobs:\n  - {old: a.txt, new: b.txt, versions: [a.txt]}\n", "job 1: needs old and new"),
    ("jobs:\n  - {id: x, old: a.txt, new: b.txt}\n  - {id: x, old: a.txt, new: c.txt}\n", "two jobs have the id 'x'"),
    ("jobs:\n  - {id: a/b, old: a.txt, new: b.txt}\n  - {id: a b, old: a.txt, new: c.txt}\n", "would share the report file a_b.json"),
    ("jobs:\n  - {old: a.txt, new: b.txt, labels: {status: x}}\n", "the label 'status' has the name of a column"),
    ("jobs:\n  - {versions: [a.txt, b.txt], map: m.yaml}\n", "map is for a pair"),
    ("jobs:\n  - {old: a.txt, new: b.txt, labels: {error: x}}\n", "the label 'error' has the name of a column"),
    ("jobs:\n  - {old: a.txt, new: b.txt, since: 2020-01-01}\n", "job 1: since is for the history of a file in git"),
    ("jobs:\n  - {git: repo, path: a.txt, until: '2020-13'}\n", "job 1: until: '2020-13' is not a date"),
    ("jobs:\n  - {git: repo, path: a.txt, until: 2020-13-01}\n", "is not valid YAML: a value that cannot be read"),
    ("jobs:\n  - {git: repo, glob: '*.txt', rev-range: --all}\n", "job 1: rev-range: '--all' is not a range"),
    ("jobs:\n  - {git: repo, path: a.txt, since: 2024-01-01, until: 2023-01-01}\n", "job 1: since: 2024-01-01 is after"),
    ("jobs:\n  - {id: ' ', old: a.txt, new: b.txt}\n", "id is blank"),
    ("jobs:\n  - {id: Laws.md, old: a.txt, new: b.txt}\n  - {id: laws.md, old: a.txt, new: c.txt}\n",
     "jobs 'Laws.md' and 'laws.md' would share the report file"),
    ("jobs: 3\n", "a manifest is a list of jobs"),
    ("jobs: []\n", "lists no jobs"),
    ("jobs: [\n", "is not valid YAML"),
])
def test_a_bad_manifest_is_one_error_naming_the_job(tmp_path: Path, text: str, problem: str) -> None:
    manifest = tmp_path / "jobs.yaml"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem.replace("(", r"\(")):
        read_manifest(str(manifest))


def test_a_csv_manifest_saved_by_excel_and_odd_ids_are_read_as_written(tmp_path: Path) -> None:
    """A byte-order mark is no part of the first column's name; id 0 is id "0"; a column named
    labels is refused (a CSV's labels are its other columns)."""
    manifest = tmp_path / "jobs.csv"
    manifest.write_bytes("\ufeffid,old,new,country\n0,a.txt,b.txt,KZ\n".encode("utf-8"))
    (job,) = read_manifest(str(manifest)).jobs
    assert (job.id, job.labels) == ("0", (("country", "KZ"),))
    manifest.write_text("old,new,labels\na.txt,b.txt,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="rename the column 'labels'"):
        read_manifest(str(manifest))


def test_a_jobs_own_language_wins_over_the_batchs_profile() -> None:
    batch = Settings(language="ru", profile="mine.yaml")
    assert Job("1", "a", "b").reading(batch) == ("ru", "mine.yaml")
    assert Job("1", "a", "b", language="en").reading(batch) == ("en", None)
    assert Job("1", "a", "b", profile="its.yaml").reading(batch) == ("auto", "its.yaml")


def test_a_long_id_still_names_a_report_file() -> None:
    long_id = "laws/" + "chapter-" * 40 + "code.md"
    name = report_name(long_id)
    assert len(name.encode()) <= 255 and name.startswith("laws_chapter-") and name.endswith(".json")
    assert report_name(long_id + "x") != name


@needs_git
def test_git_jobs_take_the_commits_asked_for(tmp_path: Path) -> None:
    """since, until and rev-range reach the history, from a manifest or from --git."""
    repo = seed_repository(tmp_path / "repo")
    manifest = tmp_path / "jobs.yaml"
    manifest.write_text(f"jobs:\n  - {{id: recent, git: '{repo}', path: constitution.txt, since: 2021-01-01}}\n"
                        f"  - {{id: all, git: '{repo}', path: constitution.txt}}\n", encoding="utf-8")
    recent, whole = read_manifest(str(manifest)).jobs
    assert recent.since == "2021-01-01" and whole.since is None
    assert len(run_job(recent, Settings()).record["steps"]) == 1
    assert run_job(recent, Settings()).record["since"] == "2021-01-01" and "since" not in run_job(whole, Settings()).record
    assert len(run_job(whole, Settings()).record["steps"]) == 2
    assert job_key(recent, Settings()) != job_key(whole, Settings())
    (selected,) = git_manifest(str(repo), "constitution.*", GitSelection(until="2020-01-01")).jobs
    assert selected.until == "2020-01-01"
    single = run_job(selected, Settings()).record  # constitution.txt's one version before 2020: nothing to compare
    assert single["status"] == "too_few_versions" and "has one version" in single["error"]
    none = run_job(Job("later", git=str(repo), path="NOTES.txt", since="2021-01-01"), Settings()).record
    assert none["status"] == "too_few_versions" and "no commit changes it in the dates asked for" in none["error"]
    typo = run_job(Job("typo", git=str(repo), path="constitutoin.txt"), Settings()).record
    assert typo["status"] == "failed"
    ranged_typo = run_job(Job("typo", git=str(repo), path="constitutoin.txt", rev_range="HEAD~1..HEAD"), Settings()).record
    assert ranged_typo["status"] == "failed" and "was never committed" in ranged_typo["error"]
    out_of_range = run_job(Job("notes", git=str(repo), path="NOTES.txt", rev_range="HEAD~1..HEAD"), Settings()).record
    assert out_of_range["status"] == "too_few_versions"
    assert BatchResult((single, none, typo)).failed == 1
    with pytest.raises(InputError, match="is not a date"):
        git_manifest(str(repo), "*.txt", GitSelection(since="June"))
    refused = CliRunner().invoke(main, ["batch", str(manifest), "--since", "2021-01-01"])
    assert refused.exit_code == 2 and "go with --git" in refused.output


@needs_git
def test_git_and_glob_make_one_history_per_matching_file(tmp_path: Path) -> None:
    repo = seed_repository(tmp_path / "repo")
    jobs = git_manifest(str(repo), "*.txt").jobs
    assert [(job.id, job.git, job.path) for job in jobs] == [
        ("NOTES.txt", str(repo), "NOTES.txt"), ("constitution.txt", str(repo), "constitution.txt")]
    with pytest.raises(InputError, match="no file of the repository's tree matches 'laws/\\*\\*/\\*.md'"):
        git_manifest(str(repo), "laws/**/*.md")


def test_the_key_follows_the_content_of_the_inputs_and_the_settings(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("Article 1\nText.\n", encoding="utf-8")
    new.write_text("Article 1\nText.\n", encoding="utf-8")
    job = Job("1", str(old), str(new))
    key = job_key(job, Settings())
    assert job_key(job, Settings(timeout=5)) == key  # how long a job may take changes nothing in its result
    assert job_key(job, Settings(language="en")) != key
    assert job_key(job, Settings(limits=with_limits([("lines", 10)]))) != key
    new.write_text("Article 1\nOther text.\n", encoding="utf-8")
    assert job_key(job, Settings()) != key


def test_the_key_follows_the_users_own_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A language code may name a profile of the user's folder, and detection weighs them all."""
    monkeypatch.setenv("CONSTDIFF_PROFILES", str(tmp_path / "profiles"))
    (tmp_path / "profiles").mkdir()
    job = Job("1", *map(str, seed_pair()))
    _user_profiles_digest.cache_clear()
    without = job_key(job, Settings())
    (tmp_path / "profiles" / "xx.yaml").write_text("language: xx\n", encoding="utf-8")
    _user_profiles_digest.cache_clear()  # as run does when it starts
    added = job_key(job, Settings())
    (tmp_path / "profiles" / "xx.yaml").write_text("language: xx\nwords: [Article]\n", encoding="utf-8")
    _user_profiles_digest.cache_clear()
    assert len({without, added, job_key(job, Settings())}) == 3  # the content counts, not only the names
    _user_profiles_digest.cache_clear()


def test_a_fifo_among_the_inputs_does_not_hang_the_key(tmp_path: Path) -> None:
    """Reading a FIFO waits for a writer: the key counts it by its name (the job's loader refuses it)."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    keyed: list[str] = []
    thread = threading.Thread(target=lambda: keyed.append(job_key(Job("1", str(fifo), str(fifo)), Settings())), daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert keyed, "job_key blocked reading a FIFO"


# --- one job, and its process ----------------------------------------------------------------


def test_a_job_that_fails_is_a_record_with_its_error() -> None:
    outcome = run_job(Job("x", "no-such-file.txt", str(seed_pair()[1])), Settings())
    assert outcome.record["status"] == "failed" and outcome.rows == ()
    assert outcome.record["error"] == "no-such-file.txt: no such file"


def test_a_job_is_read_within_the_limits_of_the_batch() -> None:
    """--limit reaches every job, pair and history alike; the error names the option to raise."""
    old, new = map(str, seed_pair())
    capped = Settings(limits=with_limits([("articles", 5)]))
    for job in (Job("pair", old, new), Job("history", versions=(old, new))):
        outcome = run_job(job, capped)
        assert outcome.record["status"] == "failed", outcome.record
        assert "more than the limit of 5 (raise it with --limit articles=N)" in outcome.record["error"]
        assert run_job(job, Settings(limits=with_limits([("articles", 500)]))).ok


def test_a_bad_limit_is_refused_before_anything_runs(tmp_path: Path) -> None:
    manifest = tmp_path / "jobs.csv"
    manifest.write_text("id,old,new\n1,a.txt,b.txt\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "out"), "--limit", "lines=many"])
    assert result.exit_code == 2 and "lines=many" in result.output


def test_a_job_past_its_timeout_is_killed_and_the_next_one_runs() -> None:
    old, new = map(str, seed_pair())
    runner = _JobProcess()
    try:
        late = runner.run(Job("late", old, new), Settings(timeout=0.001))
        assert late.record["status"] == "failed" and late.record["error"] == "timed out after 0.001 s (--timeout)"
        assert runner.process is None  # killed, not left computing
        done = runner.run(Job("next", old, new), Settings())
        assert done.ok and done.record == run_job(Job("next", old, new), Settings()).record
    finally:
        runner._stop()


def test_a_job_process_that_dies_fails_its_job_only() -> None:
    old, new = map(str, seed_pair())
    runner = _JobProcess()
    try:
        assert runner.run(Job("first", old, new), Settings()).ok
        assert runner.process is not None
        os.kill(runner.process.pid, signal.SIGKILL)
        lost = runner.run(Job("second", old, new), Settings())
        assert lost.record["status"] == "failed" and "its process ended" in lost.record["error"]
        assert runner.run(Job("third", old, new), Settings()).ok
    finally:
        runner._stop()


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads whether a process has ended in /proc (Linux)")
def test_a_busy_job_process_ends_with_its_worker(tmp_path: Path) -> None:
    """A worker killed in the middle of a job (or a cluster stopped by Ctrl-C) leaves no job
    process computing for nobody: the job here waits on a server that never answers."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/constitution.txt"
    worker = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from constdiff.batch import Job, Settings, _send, _started_job_process\n"
         "process = _started_job_process()\n"
         f"_send(process.stdin, (Job('1', {url!r}, {url!r}), Settings()))\n"
         "print(process.pid, flush=True)\n"
         "time.sleep(120)\n"], stdout=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None
        job_process = int(worker.stdout.readline())
        time.sleep(1)  # the job is under way, waiting for the server
        worker.kill()
        worker.wait()
        deadline = time.monotonic() + 15
        while _running(job_process) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(job_process), "the job process outlived its worker"
    finally:
        worker.kill()
        silent.close()


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie waiting to be reaped has)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_stopping_worker_kills_a_busy_job_process_at_once() -> None:
    """Ctrl-C stops the cluster while jobs run: a worker's teardown does not wait out their grace."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/constitution.txt"
    runner = _JobProcess()
    try:
        waiting = threading.Thread(target=runner.run, args=(Job("1", url, url), Settings()), daemon=True)
        waiting.start()
        deadline = time.monotonic() + 30
        while not runner.busy and time.monotonic() < deadline:
            time.sleep(0.05)
        assert runner.busy
        started = time.monotonic()
        runner.close()
        assert time.monotonic() - started < JOB_PROCESS_GRACE / 2 and runner.process is None
        waiting.join(timeout=10)
        assert not waiting.is_alive()
    finally:
        runner._stop()
        silent.close()


def test_a_stopping_worker_ends_and_reaps_its_job_processes() -> None:
    old, new = map(str, seed_pair())
    runner = _JobProcess()
    assert runner.run(Job("1", old, new), Settings()).ok
    process = runner.process
    assert process is not None
    _every_job_process.append(runner)
    dask_teardown(None)
    assert process.returncode == 0 and runner.process is None and not _every_job_process


# --- the output folder ---------------------------------------------------------------------------


def test_a_report_that_cannot_be_written_fails_its_job_not_the_batch(tmp_path: Path) -> None:
    job = Job("seeds", *map(str, seed_pair()))
    manifest = Manifest("jobs.yaml", (job,))
    store = _Store(str(tmp_path / "out"), manifest, reports=True)
    (tmp_path / "out" / "reports").write_text("a file where the folder goes", encoding="utf-8")
    kept = store.save("k", job, Outcome({**job_record(job), "status": "ok", "error": None}, (), report="{}"))
    assert kept.record["status"] == "failed" and kept.record["error"].startswith("its report could not be written")
    assert store.done("k", job) is None  # kept as failed: a resume runs it again


def test_resume_runs_a_job_again_when_its_report_was_rewritten_or_removed(tmp_path: Path) -> None:
    job = Job("seeds", *map(str, seed_pair()))
    manifest = Manifest("jobs.yaml", (job,))
    store = _Store(str(tmp_path / "out"), manifest, reports=True)
    record = {**job_record(job), "status": "ok", "error": None}
    store.save("k", job, Outcome(record, (), report='{"a": 1}'))
    assert store.done("k", job) == record
    report = tmp_path / "out" / "reports" / "seeds.json"
    report.write_text('{"another": "run"}', encoding="utf-8")
    assert store.done("k", job) is None
    report.unlink()
    assert store.done("k", job) is None
    store.save("k", job, Outcome(record, ()))  # kept without a report (a run without --reports)
    assert _Store(str(tmp_path / "out"), manifest, reports=False).done("k", job) == record
    assert store.done("k", job) is None


def test_a_job_without_a_report_is_done_and_leaves_no_earlier_report(tmp_path: Path) -> None:
    """With --reports, a job of too few versions has none to keep (resume does not run it again
    for want of one), and a job that now fails leaves no report of an earlier run beside it."""
    job = Job("law", git="repo", path="law.md")
    store = _Store(str(tmp_path / "out"), Manifest("jobs.yaml", (job,)), reports=True)
    store.save("old", job, Outcome({**job_record(job), "status": "ok", "error": None}, (), report="{}"))
    assert (tmp_path / "out" / "reports" / "law.json").is_file()
    single = {**job_record(job), "status": "too_few_versions", "error": "has one version"}
    store.save("new", job, Outcome(single))
    assert store.done("new", job) == single
    assert not (tmp_path / "out" / "reports" / "law.json").exists()


def test_the_results_may_not_go_in_a_folder_of_versions(tmp_path: Path) -> None:
    (tmp_path / "versions").mkdir()
    manifest = Manifest("jobs.yaml", (Job("h", versions=(str(tmp_path / "versions"),)),))
    with pytest.raises(InputError, match="is in the folder of versions"):
        _Store(str(tmp_path / "versions" / "results"), manifest, reports=False)
    _Store(str(tmp_path / "results"), manifest, reports=False)


# --- on a cluster ---------------------------------------------------------------------------


@needs_dask
def test_the_corpus_on_two_workers_gives_the_bytes_of_one_worker(corpus_manifest: Path, tmp_path: Path) -> None:
    two = drive(manifest=str(corpus_manifest), local_workers=2, output=str(tmp_path / "two"), reports=True)
    assert [(record["id"], record["status"]) for record in two["records"]] == [
        ("seeds", "ok"), ("there-and-back", "ok"), ("missing", "failed"), ("kz-ru", "ok"), ("kz-kk", "ok"), ("cz", "ok")]
    czech = two["records"][-1]
    assert len(czech["steps"]) == 9 and czech["labels"] == {"country": "CZ"}
    kz_ru = two["records"][3]
    assert kz_ru["measures"]["old_articles"] == 101 and kz_ru["measures"]["new_articles"] == 96
    one = drive(manifest=str(corpus_manifest), workers=1, output=str(tmp_path / "one"), reports=True)
    assert one["records"] == two["records"]
    assert digests(tmp_path / "one") == digests(tmp_path / "two")
    assert {name for name in digests(tmp_path / "two") if name.startswith("reports/")} == {
        f"reports/{name}.json" for name in ("seeds", "there-and-back", "kz-ru", "kz-kk", "cz")}


@needs_dask
def test_generated_pairs_on_two_workers_give_the_bytes_of_one_worker(generated_manifest: Path, tmp_path: Path) -> None:
    """As the corpus test above, without the corpus: what a clone that cannot see it still checks."""
    two = drive(manifest=str(generated_manifest), local_workers=2, output=str(tmp_path / "two"), reports=True)
    assert [record["status"] for record in two["records"]] == ["ok", "ok", "failed", *["ok"] * 6]
    one = drive(manifest=str(generated_manifest), workers=1, output=str(tmp_path / "one"), reports=True)
    assert one["records"] == two["records"]
    assert digests(tmp_path / "one") == digests(tmp_path / "two")


@needs_dask
@pytest.mark.parametrize("jobs", ["generated_manifest", "corpus_manifest"])
def test_a_worker_killed_mid_run_has_its_jobs_retried_with_identical_results(scheduler: str, jobs: str, tmp_path: Path,
                                                                            request: pytest.FixtureRequest) -> None:
    """On a LocalCluster of two workers: the one killed is restarted by its nanny, and its jobs run elsewhere."""
    manifest = request.getfixturevalue(jobs)
    reference = drive(manifest=str(manifest), scheduler=scheduler, output=str(tmp_path / "reference"))
    again = drive(manifest=str(manifest), local_workers=2, output=str(tmp_path / "again"), kill_a_worker=True)
    assert again["killed"] == 1
    assert again["records"] == reference["records"]
    assert digests(tmp_path / "again") == digests(tmp_path / "reference")


@needs_dask
@needs_pyarrow
def test_the_article_rows_carry_each_jobs_labels(scheduler: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    result = drive(manifest=str(seeds_manifest(tmp_path)), scheduler=scheduler, output=str(tmp_path / "out"))
    table = pq.read_table(tmp_path / "out" / ARTICLES)
    assert table.column_names == [*ROW_COLUMNS, "country", "year"]
    rows = table.to_pylist()
    history = result["records"][1]
    assert sum(row["job"] == "seeds" for row in rows) == len(compare_files(*map(str, seed_pair())).articles)
    assert {(row["step"], row["country"], row["year"]) for row in rows if row["job"] == "seeds"} == {(1, "Arvenia", "2024")}
    assert {row["step"] for row in rows if row["job"] == "there-and-back"} == {1, 2}
    assert len(history["steps"]) == 2 and not any(row["job"] == "missing" for row in rows)
    summary = (tmp_path / "out" / SUMMARY).read_text(encoding="utf-8").splitlines()
    assert summary[0].endswith(",error,country,year") and summary[3].startswith("missing,pair,failed,")


@needs_dask
def test_resume_runs_only_the_jobs_not_done(scheduler: str, tmp_path: Path) -> None:
    manifest = seeds_manifest(tmp_path)
    output = tmp_path / "out"
    first = drive(manifest=str(manifest), scheduler=scheduler, output=str(output))
    before = digests(output)
    resumed = drive(manifest=str(manifest), scheduler=scheduler, output=str(output), resume=True)
    assert resumed["skipped"] == 2 and resumed["records"] == first["records"] and digests(output) == before
    (tmp_path / "no-such-file.txt").write_text((seed_pair()[0]).read_text(encoding="utf-8"), encoding="utf-8")
    fixed = drive(manifest=str(manifest), scheduler=scheduler, output=str(output), resume=True)
    assert fixed["skipped"] == 2 and fixed["failed"] == 0 and fixed["records"][:2] == first["records"][:2]


@needs_dask
def test_ctrl_c_keeps_the_jobs_done_and_resume_finishes_with_the_same_bytes(scheduler: str, tmp_path: Path) -> None:
    manifest = seeds_manifest(tmp_path)
    whole = drive(manifest=str(manifest), scheduler=scheduler, output=str(tmp_path / "whole"))
    cut = drive(manifest=str(manifest), scheduler=scheduler, output=str(tmp_path / "cut"), interrupt_after=1)
    assert cut["interrupted"] and len(cut["records"]) == 1 and cut["records"][0] in whole["records"]
    assert len((tmp_path / "cut" / RESULTS).read_text(encoding="utf-8").splitlines()) == 1
    finished = drive(manifest=str(manifest), scheduler=scheduler, output=str(tmp_path / "cut"), resume=True)
    assert finished["skipped"] == 1 and finished["records"] == whole["records"]
    assert digests(tmp_path / "cut") == digests(tmp_path / "whole")


# --- the command -------------------------------------------------------------------------------


@needs_dask
def test_the_command_on_a_cluster_prints_a_summary_and_exits_1_for_a_failed_job(scheduler: str, tmp_path: Path) -> None:
    result = batch_command(str(seeds_manifest(tmp_path)), "-o", str(tmp_path / "out"), "--scheduler", scheduler)
    assert result.returncode == 1, result.stderr
    assert "failed: missing: " in result.stdout and "no such file" in result.stdout
    assert "constdiff: batch: 3 of 3 jobs finished" in result.stderr  # no terminal: count lines
    assert (tmp_path / "out" / RESULTS).read_text(encoding="utf-8").count("\n") == 3


@needs_dask
@needs_git
def test_the_command_reads_every_matching_files_history_from_git(scheduler: str, tmp_path: Path) -> None:
    repo = seed_repository(tmp_path / "repo")
    result = batch_command("--git", str(repo), "--glob", "constitution.*", "-o", str(tmp_path / "out"),
                           "--scheduler", scheduler)
    assert result.returncode == 0, result.stderr
    record = (tmp_path / "out" / RESULTS).read_text(encoding="utf-8")
    assert '"id": "constitution.txt"' in record and '"status": "ok"' in record and '"lineages": ' in record


@pytest.mark.parametrize(("args", "message"), [
    (["batch"], "give a MANIFEST, or --git REPO --glob PATTERN"),
    (["batch", "--git", "."], "--git REPO and --glob PATTERN go together"),
    (["batch", "m.yaml", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "--workers sizes the local cluster"),
])
def test_contradictory_options_are_a_usage_error(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and message in result.output


def test_a_bad_manifest_or_language_is_one_line_exit_2_before_any_job(tmp_path: Path) -> None:
    manifest = tmp_path / "jobs.yaml"
    manifest.write_text("jobs:\n  - {old: a.txt, new: b.txt, lang: xx}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith("constdiff: error: ") and "xx" in result.output
    assert not (tmp_path / "out").exists()


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    manifest = seeds_manifest(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / RESULTS).symlink_to(manifest)
    result = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "is the same file as the input" in result.output
    assert manifest.read_text(encoding="utf-8").startswith("jobs:")


def test_without_dask_the_command_says_which_extra_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    result = CliRunner().invoke(main, ["batch", str(seeds_manifest(tmp_path)), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output == "constdiff: error: constdiff batch: needs Dask (pip install 'constdiff[batch]')\n"


def test_without_pyarrow_there_is_no_parquet_and_the_summary_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow → ImportError
    assert not write_parquet(str(tmp_path / ARTICLES), [({"labels": {}}, [("row",)])], ())
    assert not (tmp_path / ARTICLES).exists()
    _print_summary(BatchResult(({"id": "1", "kind": "history", "status": "ok"}, {"id": "2", "kind": "history", "status": "ok"}),
                               output="out", parquet=False), 2)
    assert "2 histories" in capsys.readouterr().out
    _print_summary(BatchResult(({"id": "1", "kind": "pair", "status": "ok"},), output="out", parquet=False), 1)
    assert f"results in out/ (no {ARTICLES}: pyarrow is not installed)" in capsys.readouterr().out
