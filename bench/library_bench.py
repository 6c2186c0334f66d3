"""Desk library at scale: search, annotation and edit latency on 10,000 articles.

Builds (once, cached in the temp folder) a library of synthetic Bulgarian news
articles of ~20 sentences each with their English "translations", a few notes
per hundred articles and some post-edits, then prints a table:

* search latency, median and p95 over ~50 queries (Bulgarian words, stems,
  names, English words, two-word queries, phrases, notes, no-hit queries),
  target < 100 ms;
* time to save an annotation (target < 20 ms) and a post-edit, each its own
  committed transaction with ``synchronous=FULL``, as the app does;
* opening a document and listing the library, for context.

Usage: ``python bench/library_bench.py [--articles 10000] [--rebuild]``.
Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core.document import Document, Paragraph, Sentence, SourceMeta  # noqa: E402
from desktop.core.library import opening  # noqa: E402
from desktop.core.library.schema import SCHEMA_VERSION  # noqa: E402
from desktop.core.library.store import Library  # noqa: E402
from desktop.core.translation import TranslatedSentence  # noqa: E402

# (Bulgarian, English) pairs, so each generated sentence has a matching translation.
SUBJECTS = [
    ("Министър-председателят", "The prime minister"), ("Президентът Румен Радев", "President Rumen Radev"),
    ("Говорителката на Белия дом", "The White House spokeswoman"), ("Джон Кърби", "John Kirby"),
    ("Министърът на финансите", "The finance minister"), ("Владимир Путин", "Vladimir Putin"),
    ("Ким Чен-ун", "Kim Jong-un"), ("Европейската комисия", "The European Commission"),
    ("Народното събрание", "The National Assembly"), ("Агенцията по заетостта", "The employment agency"),
    ("Кметът на София", "The mayor of Sofia"), ("Синдикатите", "The trade unions"),
    ("Прокуратурата", "The prosecutor's office"), ("Опозицията", "The opposition"),
    ("Българската народна банка", "The Bulgarian National Bank"), ("Сергей Шойгу", "Sergei Shoigu"),
    ("Министерството на здравеопазването", "The health ministry"), ("Еврокомисарят", "The EU commissioner"),
]
VERBS = [
    ("заяви, че", "said that"), ("обяви, че", "announced that"), ("припомни, че", "recalled that"),
    ("предупреди, че", "warned that"), ("отрече, че", "denied that"), ("потвърди, че", "confirmed that"),
    ("настоява, че", "insists that"), ("съобщи, че", "reported that"),
]
CLAIMS = [
    ("бюджетът за следващата година ще бъде приет до края на месеца",
     "next year's budget will be adopted by the end of the month"),
    ("инфлацията е спаднала до {n} процента", "inflation has fallen to {n} percent"),
    ("износът на страната е нараснал със {n} процента", "the country's exports have grown by {n} percent"),
    ("правителството ще увеличи пенсиите от юли", "the government will raise pensions from July"),
    ("срещата ще се състои в Пхенян този месец", "the meeting will take place in Pyongyang this month"),
    ("преговорите с Брюксел продължават", "the negotiations with Brussels continue"),
    ("безработицата е най-ниската от {n} години", "unemployment is the lowest in {n} years"),
    ("над {n} души са протестирали пред парламента", "more than {n} people protested outside parliament"),
    ("цените на тока няма да се повишават", "electricity prices will not rise"),
    ("разследването срещу бившия министър е приключило", "the investigation into the former minister has ended"),
    ("болниците получават допълнително финансиране", "hospitals are receiving additional funding"),
    ("строителството на магистралата ще завърши догодина", "construction of the motorway will finish next year"),
    ("Русия е поискала доставки на боеприпаси", "Russia has asked for supplies of ammunition"),
    ("България ще се присъедини към еврозоната", "Bulgaria will join the eurozone"),
    ("депутатите са гласували промени в Изборния кодекс", "MPs have voted for changes to the Electoral Code"),
    ("учителите ще получат по-високи заплати", "teachers will receive higher salaries"),
]
TAILS = [
    ("днес", "today"), ("в понеделник", "on Monday"), ("пред журналисти", "to journalists"),
    ("в интервю за БНТ", "in an interview with BNT"), ("на пресконференция", "at a press conference"),
    ("във Вашингтон", "in Washington"), ("в Брюксел", "in Brussels"), ("в София", "in Sofia"),
]
NOTES = ["провери цифрата с НСИ", "звънни на кореспондента в Брюксел", "цитатът е от БНТ",
         "сравни с миналогодишния бюджет", "потвърди името на говорителя"]

QUERIES = [
    # Bulgarian: common words, stems (prefix), names, two words, phrases
    "правителството", "бюджет", "инфлацията", "пенсии", "пенсиите от юли", "Кърби", "Шойгу Пхенян",
    "министър", "износ", "протестирали", "парламента", "Брюксел", "еврозоната", "безработица",
    "\"Изборния кодекс\"", "магистрал", "болниците финансиране", "заяви", "София", "Радев",
    "Народното събрание", "учителите заплати", "разследване министър", "цените на тока", "Русия боеприпаси",
    # English
    "budget", "inflation percent", "Pyongyang", "Kirby", "pensions", "eurozone", "motorway",
    "prosecutor", "exports grown", "\"National Assembly\"", "unemployment lowest", "hospitals",
    "Electoral Code", "Washington", "press conference",
    # notes, numbers, misses and hostile input
    "кореспондента", "НСИ", "17", "процента 42", "Вашингтон Пхенян бюджет", "несъществуващадума",
    "zzzz", '"Кърби', "AND (", "NEAR(",
]


def _article(rng: random.Random, i: int) -> tuple[Document, list[TranslatedSentence]]:
    paragraphs: list[Paragraph] = []
    english: list[TranslatedSentence] = []
    parts: list[str] = []
    pos = 0
    index = 0
    for p in range(4):
        if p:
            parts.append("\n\n")
            pos += 2
        sentences = []
        for k in range(5):
            (sb, se), (vb, ve), (cb, ce), (tb, te) = (
                rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(CLAIMS), rng.choice(TAILS))
            n = rng.randint(2, 90)
            bg = f"{sb} {vb} {cb.format(n=n)}, {tb}."
            en = f"{se} {ve} {ce.format(n=n)}, {te}."
            if k:
                parts.append(" ")
                pos += 1
            sid = f"p{p + 1}s{k + 1}"
            sentences.append(Sentence(id=sid, index=index, paragraph=p, start=pos, end=pos + len(bg), text=bg))
            english.append(TranslatedSentence(sentence_id=sid, index=index, source=bg, text=en, score=-0.3,
                                              model="opus-mt-bg-en", backend="ct2", profile="quality"))
            parts.append(bg)
            pos += len(bg)
            index += 1
        paragraphs.append(Paragraph(index=p, start=sentences[0].start, end=sentences[-1].end,
                                    sentences=tuple(sentences)))
    text = "".join(parts)
    title = f"{paragraphs[0].sentences[0].text[:60]} ({i})"
    meta = SourceMeta(name=f"article-{i}.txt", format="txt", encoding="utf-8", date=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}")
    return Document(title=title, language="bg", text=text, meta=meta, paragraphs=tuple(paragraphs)), english


def build(path: Path, articles: int, seed: int = 1) -> float:
    """Generate the library in one transaction; return the seconds it took."""
    rng = random.Random(seed)
    tmp = path.with_name(path.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Library(tmp) as lib:
        # Test data, not a journalist's work: skip the fsyncs, keep the pages in memory.
        lib.db.execute("PRAGMA synchronous = OFF")
        lib.db.execute("PRAGMA cache_size = -262144")
        _fill(lib, rng, articles)
    with Library(tmp) as lib:
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.replace(path)
    return time.perf_counter() - t0


def _fill(lib: Library, rng: random.Random, articles: int) -> None:
    with lib.batch("build the benchmark library"):
        for i in range(articles):
            doc, english = _article(rng, i)
            doc_id = lib.add_document(doc, doc.text.encode("utf-8"))
            lib.save_translation(doc_id, english)
            if i % 10 == 0:
                lib.save_edit(doc_id, "p1s2", english[1].text.replace("said", "stated"))
            if i % 25 == 0:
                lib.add_annotation(doc_id, "bg", 0, 10, "note", text=rng.choice(NOTES))


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--writes", type=int, default=200, help="annotations and edits to time")
    default_cache = Path(os.environ.get("DRAGOMAN_BENCH_CACHE", Path(tempfile.gettempdir()) / "dragoman-bench"))
    parser.add_argument("--cache-dir", type=Path, default=default_cache / "library")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)

    args.cache_dir.mkdir(parents=True, exist_ok=True)
    cached = args.cache_dir / f"library-{args.articles}-v{SCHEMA_VERSION}.sqlite"
    if args.rebuild or not cached.exists():
        print(f"building {args.articles} articles in {cached} ...", flush=True)
        print(f"built in {build(cached, args.articles):.1f} s", flush=True)
    work = args.cache_dir / "work.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    size_mb = work.stat().st_size / 1e6

    rows: list[tuple[str, float, float, str]] = []
    # Opening: the integrity check runs weekly, or after an action met a damaged page.
    for label, due in (("open the library, integrity check due", True), ("open the library, check not due", False)):
        times = []
        for _ in range(5):
            if due:
                opening.mark_damaged(work)  # the marker that asks the next open to check
            t0 = time.perf_counter()
            Library(work).close()
            times.append(time.perf_counter() - t0)
        med, p95 = _ms(times)
        rows.append((label, med, p95, "< 1 s" if due else "< 100 ms"))

    with Library(work) as lib:
        count = lib.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        sentences = lib.db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        for q in QUERIES:  # warm the page cache once, as a running app would be
            lib.search(q)
            lib.search(q, order="relevance")
        slowest: list[tuple[float, str]] = []
        hits: list[int] = []
        for order in ("recent", "relevance"):
            times = []
            for q in QUERIES:
                t0 = time.perf_counter()
                found = lib.search(q, limit=50, order=order)
                times.append(time.perf_counter() - t0)
                if order == "recent":
                    hits.append(len(found))
            med, p95 = _ms(times)
            label = "newest first (default)" if order == "recent" else "by relevance"
            rows.append((f"search {len(QUERIES)} queries, {label}", med, p95, "< 100 ms"))
            if order == "recent":
                slowest = sorted(zip(times, QUERIES, strict=True), reverse=True)[:3]

        rng = random.Random(7)
        ids = [rng.randint(1, count) for _ in range(args.writes)]
        times = []
        for doc_id in ids:
            t0 = time.perf_counter()
            lib.add_annotation(doc_id, "bg", 5, 25, "note", colour="#ffd54f", text="бележка от бенчмарка")
            times.append(time.perf_counter() - t0)
        med, p95 = _ms(times)
        rows.append(("save an annotation (own transaction)", med, p95, "< 20 ms"))

        times = []
        for n, doc_id in enumerate(ids):
            t0 = time.perf_counter()
            lib.save_edit(doc_id, "p2s3", f"Edited sentence number {n}.")
            times.append(time.perf_counter() - t0)
        med, p95 = _ms(times)
        rows.append(("save a post-edit (own transaction)", med, p95, "< 20 ms"))

        times = []
        for doc_id in ids[:50]:
            t0 = time.perf_counter()
            lib.get_document(doc_id)
            lib.load_translation(doc_id)
            lib.annotations(doc_id)
            times.append(time.perf_counter() - t0)
        med, p95 = _ms(times)
        rows.append(("open a document (text, translation, notes)", med, p95, ""))

        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            lib.list_documents()
            times.append(time.perf_counter() - t0)
        med, p95 = _ms(times)
        rows.append((f"list all {count} documents", med, p95, ""))

    print()
    print(f"library: {count} articles, {sentences} sentences, {size_mb:.0f} MB ({cached})")
    print()
    print(f"| {'measure':<44} | {'median ms':>9} | {'p95 ms':>8} | {'target':<8} |")
    print(f"| {'-' * 44} | {'-' * 9}:| {'-' * 8}:| {'-' * 8} |")
    for name, med, p95, target in rows:
        print(f"| {name:<44} | {med:>9.2f} | {p95:>8.2f} | {target:<8} |")
    print()
    print("hits per query: median", statistics.median(hits), "max", max(hits))
    print("slowest queries (newest first):", ", ".join(f"{q!r} {t * 1000:.1f} ms" for t, q in slowest))
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
