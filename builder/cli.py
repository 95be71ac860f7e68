"""The ``plansite`` command line. Errors print as ``FILE:LINE:COL: error: …`` with exit status 2."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from builder import __version__
from builder.errors import PlansiteError

DESCRIPTION = """\
Publish a Chinese carbon-peaking plan (碳达峰方案) as a bilingual, citable website.

A plan's plain text goes in; out come structured YAML, a Chinese site with an English
site under en/, and open data (JSON, CSV, YAML) in which every clause, sentence, agency
and target has a permanent address.
"""

EPILOG = """\
examples:
  plansite parse seeds/dongying.txt            print the plan as YAML
  plansite parse seeds/dongying.txt --tree     the document tree only, before extraction
  plansite parse seeds/dongying.txt --write    save it as content/dongying/plan.yaml
  plansite build                               every plan in seeds/: refresh content/<plan>/plan.yaml,
                                               then build the site from it into site/
  plansite build my-city.txt -o /srv/www       build the site for another plan's text
  plansite build content/x/plan.yaml -o out    build from a plan's YAML alone (the stages' contract)
  plansite import plan.pdf -o seeds/x.txt      a plan's PDF or saved web page → its plain text
  plansite build plan.pdf -o out               build straight from a PDF or web page (imported first)
  plansite build --offline                     also dist/offline.zip and dist/<plan>-offline.zip
  plansite merge part-a/ part-b/ -o site/      one site from sites built separately (a CI matrix)
  plansite check                               validate content/ against the schemas
  plansite ids seeds/dongying.txt              after editing a plan's text: record renumbered ids
                                               (translations follow their sentences to the new ids)
  plansite translate export seeds/dongying.txt -o dongying.en.po
                                               the English for a translation tool (gettext PO)
  plansite translate import dongying.en.po seeds/dongying.txt
                                               take the reviewed English back in

ids: part 三 → 3, section （一） → 3.1, item 2 → 3.1.2, sentence 3 → 3.1.2.s3,
target 2 → 3.1.2.t2; the page is dongying/3/1/2/ and the English one en/dongying/3/1/2/.
Bad input is reported as FILE:LINE:COL: error: … with exit status 2 and nothing written.
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    try:
        return int(args.run(args) or 0)
    except PlansiteError as error:
        print(str(error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plansite", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"plansite {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    parse = commands.add_parser("parse", help="read a plan's text and print it as YAML",
                                description="Read a plan's text (UTF-8, GBK or GB18030) and print its "
                                            "structure, targets and agencies as YAML.")
    parse.add_argument("plan", type=Path, metavar="PLAN.txt", help="the plan's plain text (or a plan.yaml, "
                       "which is checked against the plan schema and printed again)")
    parse.add_argument("--tree", action="store_true", help="print the document tree only (no targets)")
    parse.add_argument("--write", action="store_true",
                       help="write content/<plan>/plan.yaml instead of printing")
    parse.set_defaults(run=_run_parse)

    build = commands.add_parser("build", help="build the website (both languages) and the data exports",
                                description="Build the Chinese site, the English site under en/, and "
                                            "data/<plan>/ exports, with MkDocs + Material. A plan's text "
                                            "is parsed into content/<plan>/plan.yaml first (refreshed "
                                            "only when it changes; a text from outside seeds/ goes to "
                                            "generated/yaml/), and the site is rendered from that YAML. "
                                            "A new text that renumbers clauses leaves the published "
                                            "plan.yaml alone until `plansite ids` records the move. The "
                                            "output folder is replaced only when the whole build succeeded.")
    build.add_argument("plans", type=Path, nargs="*", metavar="PLAN",
                       help="plans to build: their text (.txt), their plan.yaml alone, checked against "
                            "the plan schema, or the document as published (.pdf, .html), imported "
                            "first as `plansite import` does (default: every .txt file in seeds/)")
    build.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                       help="where to write the site (default: site/)")
    build.add_argument("--offline", action="store_true",
                       help="build the offline bundles: the site for file:// URLs, dist/offline.zip (every "
                            "plan) and dist/<plan>-offline.zip per plan (with the plans it cites); each opens "
                            "from a folder, search included")
    build.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="build N plans at once, each in its own process (default: PLANSITE_JOBS, "
                            "else one per core); each plan is a separate MkDocs build per language")
    build.add_argument("--fresh", action="store_true",
                       help="build every plan anew; by default a plan whose text, content, templates and "
                            "settings are unchanged since the last build into the same folder is reused "
                            "from it (PLANSITE_CACHE=0 turns reuse off)")
    build.set_defaults(run=_run_build)

    imp = commands.add_parser(
        "import", help="turn a plan's PDF or saved web page into the plain text the parser reads",
        description="Read a plan as its issuer published it — a PDF with a text layer, or a saved web "
                    "page — and write its text one paragraph a line (seeds/<plan>.txt): wrapped lines "
                    "joined, page numbers, running headers and footers removed, layout spaces removed "
                    "(2030 年 → 2030年; a space between words, 中共中央 国务院, is kept), CJK radical code "
                    "points mapped (⼀ → 一). The wording is never changed. The report of every change, "
                    "with its page and line, is printed and written beside the text as "
                    "<plan>.import.yaml; the file's SHA-256, name and origin go to "
                    "content/<plan>/source.yaml. Nothing is written when the file cannot be imported.",
        epilog="example:\n  plansite import 2030年前碳达峰行动方案.pdf -o seeds/national-2030.txt "
               "--url https://www.gov.cn/…\n\nThen `plansite parse seeds/national-2030.txt` and "
               "`plansite build seeds/national-2030.txt`.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("document", type=Path, metavar="FILE", help="the plan as published: a .pdf, or a saved "
                     "web page (.html); which it is is read from the file, not its name")
    imp.add_argument("-o", "--output", type=Path, default=None, metavar="seeds/<plan>.txt",
                     help="where to write the text; its name is the plan id (default: seeds/<file's name>.txt, "
                          "when that name is a plan id: lower-case ASCII letters, digits and hyphens)")
    imp.add_argument("--url", default=None, metavar="URL", help="where the file came from, recorded in "
                     "content/<plan>/source.yaml")
    imp.set_defaults(run=_run_import)

    merge = commands.add_parser(
        "merge", help="merge sites built separately (one plan each, on many machines) into one site",
        description="Merge sites that `plansite build` made for some plans each — in a CI matrix, one "
                    "job per plan, or a rebuilt plan with the sites of the others — into one site: "
                    "each plan's pages and data as they were built, and the portal, the glossary and "
                    "the theme's files built for all of them. The output folder is replaced only when "
                    "the merge succeeded.")
    merge.add_argument("parts", type=Path, nargs="+", metavar="SITE", help="sites built by `plansite build`")
    merge.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                       help="where to write the merged site (default: site/)")
    merge.set_defaults(run=_run_merge)
    check = commands.add_parser("check", help="validate content/ against the JSON Schemas",
                                description="Validate every plan.yaml and the curated registry and "
                                            "glossary; report every problem with its YAML path. Also "
                                            "list, for each plan with a translation, its sentences "
                                            "without English and its stale English (the Chinese changed "
                                            "since it was translated).")
    check.add_argument("--strict", action="store_true",
                       help="count missing and stale translations as problems (exit status 2)")
    check.set_defaults(run=_run_check)

    ids = commands.add_parser(
        "ids", help="record renumbered clauses in content/<plan>/ids.yaml, so old links redirect",
        description="Compare a new version of a plan's text with content/<plan>/plan.yaml (the previous "
                    "version), match clauses, sentences and targets by their text, and record every id "
                    "that moved or vanished in content/<plan>/ids.yaml, merged with the ids of earlier "
                    "versions (a → b then b → c gives a → c). Then write the new plan.yaml, so the new "
                    "text becomes the version the next comparison starts from. The site serves a "
                    "redirect page at every old address that is no longer a live page.")
    ids.add_argument("plan", type=Path, metavar="PLAN.txt", help="the plan's new text")
    ids.add_argument("--old", type=Path, metavar="PLAN.yaml", default=None,
                     help="the previous version's plan.yaml (default: content/<plan>/plan.yaml), e.g. "
                          "from `git show REV:content/<plan>/plan.yaml`")
    ids.add_argument("--dry-run", action="store_true", help="print what changed; write nothing")
    ids.add_argument("--force", action="store_true",
                     help="compare even though ids.yaml was made for another version than the old plan.yaml")
    ids.set_defaults(run=_run_ids)

    version = commands.add_parser(
        "version", help="record the plan's current text as a published version (征求意见稿, 2023年版 …)",
        description="Record the plan's text, as `plansite ids` last recorded it, as a published version: "
                    "its label and date go into content/<plan>/versions.yaml and its text and English are "
                    "kept in content/<plan>/versions/<id>/, so that its pages stay published at "
                    "<plan>/v/<id>/ whatever later versions change. Run `plansite ids` first after "
                    "editing the text.")
    version.add_argument("plan", type=Path, metavar="PLAN.txt", help="the plan's text")
    version.add_argument("--id", required=True, dest="version_id", metavar="ID",
                         help="the version's id in addresses: lower-case letters, digits, hyphens (2023, draft)")
    version.add_argument("--label", required=True, metavar="LABEL", help="its Chinese name in citations: 2023年版")
    version.add_argument("--label-en", default=None, metavar="LABEL", help="its English name: 2023 edition")
    version.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the day it was published")
    version.add_argument("--kind", choices=("draft", "final", "revision"), default="final",
                         help="draft (征求意见稿), final (as adopted) or revision (default: final)")
    version.set_defaults(run=_run_version)

    translate = commands.add_parser(
        "translate", help="exchange a plan's English with translation tools (gettext PO)",
        description="The English of a plan lives in content/<plan>/translation.en.yaml, each sentence's "
                    "English beside the Chinese it translates; the site shows it only beside that exact "
                    "Chinese. `export` writes a PO file (sentence id as msgctxt, the Chinese as msgid, the "
                    "English as msgstr; English whose Chinese has changed is marked fuzzy, with the old "
                    "Chinese as the previous msgid). `import` takes the reviewed entries back and refuses "
                    "those whose Chinese is no longer the text's. `sync` keys an older file (id → English) "
                    "on the text as it is.")
    actions = translate.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the plan's translation as a PO file",
                                description="Write a gettext PO file of every sentence of the plan.")
    export.add_argument("plan", type=Path, metavar="PLAN.txt", help="the plan's text")
    export.add_argument("-o", "--output", type=Path, default=None, metavar="FILE.po",
                        help="where to write it (default: <plan>.en.po in the current folder; - for stdout)")
    export.set_defaults(run=_run_translate_export)
    take = actions.add_parser("import", help="take a PO file's reviewed English into translation.en.yaml",
                              description="Read a PO file written by `plansite translate export` and "
                                          "translated, and write its entries into the plan's "
                                          "translation.en.yaml. Entries whose Chinese is not the text's "
                                          "any more, or still marked fuzzy, are refused and listed.")
    take.add_argument("file", type=Path, metavar="FILE.po", help="the translated PO file")
    take.add_argument("plan", type=Path, metavar="PLAN.txt", help="the plan's text")
    take.set_defaults(run=_run_translate_import)
    sync = actions.add_parser("sync", help="key each English sentence on the Chinese it translates",
                              description="Rewrite content/<plan>/translation.en.yaml with each entry keyed "
                                          "on the Chinese its id names in the text as it is now (for a "
                                          "file of the older form, sentence id → English, which was made "
                                          "for this text), in reading order.")
    sync.add_argument("plan", type=Path, metavar="PLAN.txt", help="the plan's text")
    sync.set_defaults(run=_run_translate_sync)

    content = commands.add_parser("content", help="regenerate content/<plan>/plan.yaml from seeds/",
                                  description="Parse every plan in seeds/ and write its plan.yaml.")
    content.set_defaults(run=_run_content)
    return parser


def _project():
    from builder.project import Project

    return Project.find()


def _plan_yaml(plan) -> str:
    from builder.serialize import plan_yaml_text

    return plan_yaml_text(plan)


def _run_parse(args: argparse.Namespace) -> int:
    project = _project()
    plan = project.parse(args.plan, extract=not args.tree)
    text = _plan_yaml(plan)
    if args.write:
        out = project.content / plan.id / "plan.yaml"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        _say(f"wrote {os.path.relpath(out)}")
    else:
        sys.stdout.write(text)
    return 0


def _run_ids(args: argparse.Namespace) -> int:
    from builder.project import display_path, load_yaml
    from builder.versions import IdMap, compare, fingerprint, merge
    from builder.serialize import plan_from_data
    from builder.translation import follow

    project = _project()
    plan = project.parse(args.plan)
    folder = project.content / plan.id
    ids_file, plan_file = folder / "ids.yaml", folder / "plan.yaml"
    old_file = args.old or plan_file
    existing = project.id_map(plan.id) or IdMap()
    followed = None
    aligned: str | None = None
    if not old_file.is_file():
        if args.old:
            raise PlansiteError(f"{display_path(old_file)}: error: expected the previous version's plan.yaml, "
                                "found no such file")
        _say(f"no previous version ({display_path(old_file)}): this text is the first; nothing moved")
        id_map, lines = IdMap(moved=existing.moved, version=fingerprint(plan)), []
    else:
        data = load_yaml(old_file)
        try:
            old = plan_from_data(data)
        except (KeyError, TypeError, ValueError) as error:
            raise PlansiteError(f"{display_path(old_file)}: error: expected a plan.yaml written by "
                                f"`plansite parse --write`, found a file without {error}") from None
        if existing.version not in (None, fingerprint(old)) and not args.force:
            if existing.version == fingerprint(plan):
                _say(f"{display_path(ids_file)} is up to date with {display_path(args.plan)}")
                if not args.dry_run and plan_file.read_text(encoding="utf-8") != _plan_yaml(plan):
                    plan_file.write_text(_plan_yaml(plan), encoding="utf-8")
                    _say(f"wrote {os.path.relpath(plan_file)}")
                return 0
            raise PlansiteError(
                f"{display_path(ids_file)}: error: expected the map of the version in {display_path(old_file)}, "
                "found the map of another version (was plan.yaml regenerated before `plansite ids` ran?): "
                "pass --old with the plan.yaml of the version the site last published (for example "
                f"`git show HEAD:{os.path.relpath(plan_file, project.root)} > old.yaml`), or --force to "
                "compare with this one as it is")
        changes = compare(old, plan)
        id_map, report = merge(existing, old, plan, changes)
        lines = report.lines()
        if project.translation_file(plan.id).is_file():  # the English follows its sentences
            followed = follow(project.translation(plan.id), plan, changes.where)
            lines += followed.lines()
        curated = project.content / "alignment.yaml"
        if curated.is_file():  # so do the curated pairs of its clauses
            from builder.render.alignment import follow_ids

            aligned, said = follow_ids(curated.read_text(encoding="utf-8"), plan.id, changes, display_path(curated))
            lines += said
    for line in lines:
        _say(line)
    if args.dry_run:
        sys.stdout.write(id_map.to_yaml(plan.id))
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    ids_file.write_text(id_map.to_yaml(plan.id), encoding="utf-8")
    _say(f"wrote {os.path.relpath(ids_file)} ({len(id_map.moved)} entries)")
    if followed is not None:
        _write_translation(project, plan, followed.translation)
    if aligned is not None and aligned != curated.read_text(encoding="utf-8"):
        curated.write_text(aligned, encoding="utf-8")
        _say(f"wrote {os.path.relpath(curated)}")
    plan_file.write_text(_plan_yaml(plan), encoding="utf-8")
    _say(f"wrote {os.path.relpath(plan_file)}")
    return 0


def _run_content(args: argparse.Namespace) -> int:
    project = _project()
    for path in project.seed_files():
        plan = project.parse(path)
        out = project.content / plan.id / "plan.yaml"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_plan_yaml(plan), encoding="utf-8")
        _say(f"wrote {os.path.relpath(out)}")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from builder.check import alignment_report, check_content, translation_report

    project = _project()
    problems, checked = check_content(project)
    report = translation_report(project) + alignment_report(project)
    for line in report:
        print(line, file=sys.stderr)
    if args.strict:
        problems += report
    elif report:
        _say(f"{len(report)} warning{'s' if len(report) != 1 else ''} (stale or missing English, stale curated "
             f"pairs; --strict counts them as problems)")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {checked} files", file=sys.stderr)
        return 2
    _say(f"{checked} files valid")
    return 0


def _run_version(args: argparse.Namespace) -> int:
    from builder.project import display_path, load_yaml
    from builder.serialize import plan_from_data
    from builder.versions import Version, fingerprint

    project = _project()
    plan = project.parse(args.plan)
    folder = project.content / plan.id
    recorded = folder / "plan.yaml"
    if not recorded.is_file() or fingerprint(plan_from_data(load_yaml(recorded))) != fingerprint(plan):
        raise PlansiteError(f"{display_path(args.plan)}: error: expected the text `plansite ids` last recorded "
                            f"({display_path(recorded)}), found another: run `plansite ids {display_path(args.plan)}` "
                            "first, so that the ids of earlier versions keep resolving")
    try:
        import datetime

        datetime.date.fromisoformat(args.date)
    except ValueError:
        raise PlansiteError(f"error: expected --date as YYYY-MM-DD, found '{args.date}'") from None
    version = Version(args.version_id, args.label, args.label_en, args.date, args.kind, fingerprint(plan))
    # refuses an id or a text recorded already, an earlier date, and what the schema does not allow
    versions = project.versions(plan.id).add(version, display_path(folder / "versions.yaml"))
    keep = folder / "versions" / version.id
    keep.mkdir(parents=True, exist_ok=True)
    (keep / "plan.yaml").write_text(_plan_yaml(plan), encoding="utf-8")
    translation = project.translation_file(plan.id)
    if translation.is_file():
        shutil.copyfile(translation, keep / translation.name)
    (folder / "versions.yaml").write_text(versions.to_yaml(), encoding="utf-8")
    _say(f"recorded version '{version.id}' ({version.label_zh}, {version.date}) of {plan.id}: "
         f"{os.path.relpath(keep)}, {os.path.relpath(folder / 'versions.yaml')}")
    return 0


def _write_translation(project, plan, translation) -> None:
    from builder.translation import to_yaml

    path = project.translation_file(plan.id)
    meta = project.meta(plan.id)
    text = to_yaml(translation, plan, plan.title or (meta.title_zh if meta else None))
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        _say(f"{os.path.relpath(path)} is up to date")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    _say(f"wrote {os.path.relpath(path)}")


def _run_translate_export(args: argparse.Namespace) -> int:
    from builder.po import export
    from builder.project import display_path
    from builder.translation import status

    project = _project()
    plan = project.parse(args.plan, extract=False)
    translation = project.translation(plan.id)
    text = export(plan, translation, os.path.relpath(args.plan, project.root).replace(os.sep, "/"))
    state = status(plan, translation)
    if args.output is not None and str(args.output) == "-":
        sys.stdout.write(text)
    else:
        out = args.output or Path(f"{plan.id}.en.po")
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as error:
            raise PlansiteError(f"{display_path(out)}: error: could not be written: {error.strerror}") from None
        _say(f"wrote {os.path.relpath(out)}")
    total = sum(1 for _ in plan.walk() for _ in _.sentences)
    _say(f"{total} sentences: {total - len(state.missing) - len(state.stale)} translated, "
         f"{len(state.stale)} fuzzy (their Chinese changed), {len(state.missing)} untranslated")
    return 0


def _run_translate_import(args: argparse.Namespace) -> int:
    from builder.po import read
    from builder.project import display_path

    project = _project()
    plan = project.parse(args.plan, extract=False)
    result = read(args.file, display_path(args.file), plan, project.translation(plan.id))
    for line in result.refused:
        print(line, file=sys.stderr)
    if result.taken:
        _write_translation(project, plan, result.translation)
    _say(f"{len(result.taken)} entries imported, {result.unchanged} unchanged, {len(result.refused)} refused")
    return 0


def _run_translate_sync(args: argparse.Namespace) -> int:
    from builder.project import display_path, load_yaml
    from builder.serialize import plan_from_data
    from builder.translation import keyed_on, parse

    project = _project()
    plan = project.parse(args.plan, extract=False)
    published = project.content / plan.id / "plan.yaml"
    if published.is_file():  # the version the file was made for: the one the site was last built from
        plan = plan_from_data(load_yaml(published))
        _say(f"keying on {display_path(published)} (the version last built)")
    path = project.translation_file(plan.id)
    if not path.is_file():
        raise PlansiteError(f"{display_path(path)}: error: expected the plan's translation, found no such file")
    text = path.read_text(encoding="utf-8")
    data = yaml_load(text) or {}
    sentences = data.get("sentences") if isinstance(data, dict) else None
    if isinstance(sentences, dict) and all(isinstance(v, str) for v in sentences.values()):
        translation = keyed_on(plan, {str(k): v for k, v in sentences.items()})
        if translation.obsolete:
            _say(f"ids that name no sentence, kept under obsolete: {', '.join(translation.obsolete)}")
    else:
        translation = parse(text, display_path(path))
    _write_translation(project, plan, translation)
    return 0


def yaml_load(text: str):
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _run_import(args: argparse.Namespace) -> int:
    from builder.importer.record import report_yaml, source_data, source_yaml
    from builder.project import display_path

    project = _project()
    shown = display_path(args.document)
    if not args.document.is_file():
        raise PlansiteError(f"{shown}: error: expected a PDF or a saved web page, found no such file")
    output = args.output or _project_root(Path.cwd()) / "seeds" / (args.document.stem.lower() + ".txt")
    plan_id = _document_plan_id(project, args.document, output, "-o seeds/<plan>.txt")
    imported = _import(args.document, shown)
    report_file = output.with_name(f"{plan_id}.import.yaml")
    report = report_yaml(imported, args.document.name, output.name)
    source = source_data(imported, plan_id, args.document.name, args.url, output.name, report_file.name)
    source_file = _project_root(output.resolve().parent) / "content" / plan_id / "source.yaml"
    _write_all({output: imported.text, report_file: report, source_file: source_yaml(source)})
    sys.stdout.write(report)
    for path in (output, report_file, source_file):
        _say(f"wrote {os.path.relpath(path)}")
    _say(f"{len(imported.lines)} paragraphs, {len(imported.changes)} changes (listed in {os.path.relpath(report_file)})")
    return 0


def _project_root(start: Path) -> Path:
    """The project folder around ``start`` (it holds ``mkdocs.yml``); where there is none, the
    folder that holds ``seeds/`` (``start``'s parent when ``start`` is a ``seeds`` folder, else
    ``start`` itself). An import writes there, never into the installed package."""
    from builder.project import Project

    found = Project.around(start)
    if found is not None:
        return found.root
    here = start.resolve()
    return here.parent if here.name == "seeds" else here


_DOCUMENT_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".shtml")


def _document_plan_id(project, document: Path, seed: Path, hint: str) -> str:
    """The plan id a document is imported as: the seed's name, which must be an id."""
    from builder.project import display_path

    stem = seed.stem.lower()
    if not stem or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in stem) or stem.startswith("-"):
        raise PlansiteError(f"{display_path(document)}: error: expected a file name that is a plan id (lower-case "
                            f"ASCII letters, digits and hyphens), found '{seed.stem}': name the plan with {hint}")
    return project.plan_id_for(seed)


def _import(document: Path, shown: str):
    from builder.importer import import_document

    progress = _page_progress(shown)
    try:
        return import_document(document, shown, progress)
    finally:
        if progress:
            sys.stderr.write("\n")


def _page_progress(shown: str):
    """Pages read, on one line that counts up, when stderr is a terminal; ``None`` otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(page: int, pages: int) -> None:
        sys.stderr.write(f"\r{shown}: page {page} of {pages}")
        sys.stderr.flush()

    return show


def _write_all(files: dict[Path, str]) -> None:
    """Write every file or none: each to a temporary file beside it, then all renamed in place."""
    temporary: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            temporary.append((Path(name), path))
        for name, path in temporary:
            os.replace(name, path)
    except OSError as error:
        raise PlansiteError(f"{error.filename or 'output'}: error: expected a file that can be written, found "
                            f"{(error.strerror or str(error)).lower()}") from None
    finally:
        for name, _ in temporary:
            name.unlink(missing_ok=True)


def _imported_seeds(project, plans: list[Path], folder: Path) -> list[Path]:
    """``plans`` with each PDF or web page imported into ``folder`` as ``<plan>.txt`` (and parsed
    once here, so that a parse error names the document)."""
    from builder.errors import ParseError
    from builder.importer.record import source_data, source_yaml
    from builder.project import display_path

    out = []
    for path in plans:
        if path.suffix.lower() not in _DOCUMENT_SUFFIXES:
            out.append(path)
            continue
        shown = display_path(path)
        seed = folder / "seeds" / (path.stem.lower() + ".txt")
        plan_id = _document_plan_id(project, path, seed, "a name that is one (rename the file)")
        imported = _import(path, shown)
        seed.parent.mkdir(parents=True, exist_ok=True)
        seed.write_text(imported.text, encoding="utf-8")
        # its provenance where a seed's is looked for: content/<plan>/ beside the seeds/ folder
        source = folder / "content" / plan_id / "source.yaml"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(source_yaml(source_data(imported, plan_id, path.name, None, seed.name, None)),
                          encoding="utf-8")
        try:
            project.parse(seed, extract=False)
        except ParseError as error:
            raise ParseError(f"{shown} (imported as {seed.name})", error.line, error.col, error.message,
                             error.source_line) from None
        out.append(seed)
    return out


def _run_build(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise PlansiteError(f"error: expected --jobs to be 1 or more, found {args.jobs}")
    if not any(p.suffix.lower() in _DOCUMENT_SUFFIXES for p in args.plans):
        return _build(args, args.plans)
    with tempfile.TemporaryDirectory(prefix="plansite-import-") as folder:
        return _build(args, _imported_seeds(_project(), args.plans, Path(folder)))


def _build(args: argparse.Namespace, paths: list[Path]) -> int:
    from builder import uptodate

    started = time.monotonic()
    root = uptodate.project_root(Path.cwd()) or Path(__file__).resolve().parent.parent
    plans = [p.resolve() for p in paths] if paths else None
    output = (args.output or root / "site").resolve()
    key = _site_key(root, plans, output, args)
    if key is not None and not args.fresh and uptodate.unchanged(root, output, key):
        _say(f"{os.path.relpath(output)} is up to date: nothing it is built from changed since its last build "
             f"(checked in {time.monotonic() - started:.2f} s; --fresh builds it again)")
        return 0
    uptodate.forget(root, output)  # until this build has succeeded
    bundles = _build_site(args, plans, output, started)
    key = _site_key(root, plans, output, args)  # the build may have refreshed content/<plan>/plan.yaml
    if key is not None:
        uptodate.remember(root, output, key, bundles)
    return 0


def _site_key(root: Path, plans: list[Path] | None, output: Path, args: argparse.Namespace) -> str | None:
    from builder import uptodate

    try:
        epoch = uptodate.build_epoch(root)
    except ValueError:
        return None  # the build says what is wrong with SOURCE_DATE_EPOCH
    try:
        return uptodate.site_key(root, plans, {"offline": bool(args.offline), "output": str(output), "epoch": epoch})
    except OSError:
        return None  # a file the build will report


def _build_site(args: argparse.Namespace, plans: list[Path] | None, output: Path, started: float) -> list[Path]:
    from builder.publish import build_site, progress_printer

    project = _project()
    _quiet_mkdocs()
    count = len(plans) if plans else len(project.seed_files())
    _say(f"building {count} plan{'s' if count != 1 else ''} into {os.path.relpath(output)} …")
    result = build_site(project, plans, output, offline=args.offline, jobs=args.jobs, progress=progress_printer(),
                        fresh=args.fresh)
    for note in result.notes:
        _say(note)
    reused = result.reused
    what = [f"{reused} plan build{'s' if reused != 1 else ''}"] if reused else []
    if result.site_wide_reused:
        what.append("the English site-wide pages")
    note = f" ({' and '.join(what)} unchanged, reused from the last build)" if what else ""
    _say(f"built {os.path.relpath(output)} in {time.monotonic() - started:.1f} s{note}")
    bundles = []
    if args.offline:
        from builder.bundles import write_bundles

        for bundle in write_bundles(project, plans, output):
            _say(f"wrote {os.path.relpath(bundle)} ({bundle.stat().st_size / 1e6:.1f} MB)")
            bundles.append(bundle)
    return bundles


def _run_merge(args: argparse.Namespace) -> int:
    from builder.publish import merge_sites, progress_printer

    project = _project()
    output = args.output or project.root / "site"
    project.pin_build_date()
    _quiet_mkdocs()
    plans = merge_sites(project, [p.resolve() for p in args.parts], output, progress=progress_printer())
    _say(f"merged {len(plans)} plan{'s' if len(plans) != 1 else ''} into {os.path.relpath(output)}")
    return 0


def _quiet_mkdocs() -> None:
    """MkDocs' own log: warnings and errors only (a warning fails the strict build anyway)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def _say(message: str) -> None:
    """Progress and results on stderr, so stdout stays data."""
    print(message, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
