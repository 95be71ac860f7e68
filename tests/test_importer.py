"""`plansite import`: a plan's PDF or saved web page → the plain text the parser reads.

Real PDFs (``tests/pdf/``) must import to their hand-cleaned text (``tests/corpus/``); each kind
of page furniture is tested on small PDFs made here with fpdf2 in a CJK font; a saved web page;
and the refusals (exit status 2, ``FILE: error: …``, nothing written).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from builder.errors import PlansiteError, ValidationError
from builder.importer import import_document
from builder.importer.pdf import read_pdf
from builder.importer.record import check_source
from builder.importer.text import keeps_space
from tests.conftest import CORPUS, run_plansite

PDFS = Path(__file__).resolve().parent / "pdf"
#: Debian's fonts-noto-cjk (``make system-deps`` installs it where missing); fpdf2 reads the .ttc.
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FURNITURE = {"page-number", "page-number-fused", "running-header", "running-footer", "repeated-title"}


# -- the three real PDFs with a hand-cleaned text --------------------------------------------------

@pytest.mark.parametrize("name", ["national-2030", "industry-sector-national", "shanghai-city"])
def test_a_real_pdf_imports_to_its_cleaned_text(name: str) -> None:
    imported = import_document(PDFS / f"{name}.pdf", f"{name}.pdf")
    assert imported.text == (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["national-2030", "industry-sector-national", "shanghai-city",
                                  *[f"more/{p.stem}" for p in sorted((PDFS / "more").glob("*.pdf"))]])
def test_the_wording_is_the_documents_minus_what_the_report_removes(name: str) -> None:
    """Every character of the text layer, in order, is in the output or removed in the report."""
    path = PDFS / f"{name}.pdf"
    imported = import_document(path, path.name)
    removed_lines = {(c.page, c.line) for c in imported.changes
                     if c.kind in FURNITURE - {"page-number-fused"}}
    fused = {(c.page, c.line): c.text for c in imported.changes if c.kind == "page-number-fused"}
    mapped = {c.text: c.to for c in imported.changes if c.kind == "mapped"}
    expected = []
    for page in read_pdf(path, path.name).pages:
        for line in page.lines:
            if (page.number, line.number) in removed_lines:
                continue
            text = "".join(line.chars)
            number = fused.get((page.number, line.number))
            if number:
                text = text[len(number):] if text.startswith(number) else text[:-len(number)]
            expected.append("".join(mapped.get(c, c) for c in text))
    assert re.sub(r"\s", "", imported.text) == "".join(expected)


def test_the_report_of_a_real_pdf_names_its_furniture() -> None:
    imported = import_document(PDFS / "industry-sector-national.pdf", "x.pdf")
    numbers = [c for c in imported.changes if c.kind == "page-number"]
    assert [(c.page, c.text) for c in numbers] == [(p, str(p)) for p in range(1, 26)]
    kept = [c for c in imported.changes if c.kind == "space-removed"]
    assert {c.text for c in kept} >= {"0 年", "到 2"}  # 到 2025 年
    assert "中共中央 国务院" in imported.text
    title = import_document(PDFS / "national-2030.pdf", "x.pdf").changes[0]
    assert (title.kind, title.page, title.line) == ("repeated-title", 1, 1)


def test_harder_layouts_of_the_genre_import() -> None:
    """Page numbers fused onto headings and printed mid-page in a small font (an OCR'd scan), a
    notice before the plan, a title over two lines of a larger font, signatures set right."""
    imported = import_document(PDFS / "more" / "agriculture-rural-sector-national.pdf", "a.pdf")
    assert imported.lines[:7] == [
        "农业农村部 国家发展改革委关于印发《农业农村减排固碳实施方案》的通知",
        "农科教发〔2022〕2号",
        "各省、自治区、直辖市农业农村（农牧）厅（局、委）、发展改革委，新疆生产建设兵团农业农村局、发展改革委：",
        "为贯彻落实碳达峰碳中和重大决策部署，推进农业农村绿色低碳发展，我们制定了《农业农村减排固碳实施方案》，"
        "现印发你们，请结合实际贯彻落实。",
        "附件:",
        "农业农村部 国家发展改革委",
        "2022年5月7日",
    ]
    fused = [c for c in imported.changes if c.kind == "page-number-fused"]
    assert [c.text for c in fused] == [str(n) for n in range(2, 11)]
    assert "（四）农田固碳扩容。落实保护性耕作" in imported.text
    assert not re.search(r"\d（", imported.text)
    hunan = import_document(PDFS / "more" / "hunan-province-opinions.pdf", "h.pdf")
    assert hunan.lines[:2] == ["中共湖南省委 湖南省人民政府关于完整准确全面贯彻新发展理念 做好碳达峰碳中和工作的实施意见",
                               "（2022年3月13日）"]


# -- furniture, one kind at a time, on PDFs made here ----------------------------------------------

def _font() -> Path:
    if not FONT.is_file():
        pytest.fail(f"{FONT} is missing: run `make system-deps` (Debian's fonts-noto-cjk)")
    return FONT


class Typesetter:
    """Set paragraphs the way the genre's PDFs do: A4, a 16 pt body of 25 characters a line,
    first lines indented two ems, pages 23 lines deep; furniture added on request."""

    SIZE, LEFT, LINES, CHARS = 16.0, 90.0, 23, 25

    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.add_font("cjk", "", str(_font()))
        self.pages: list[list[tuple[float, float, str, float]]] = [[]]
        self.row = 0

    def paragraph(self, text: str, indent: bool = True) -> None:
        first = self.CHARS - 2 if indent else self.CHARS
        pieces = [text[:first]] + [text[i:i + self.CHARS] for i in range(first, len(text), self.CHARS)]
        for index, piece in enumerate(pieces):
            x = self.LEFT + (2 * self.SIZE if indent and index == 0 else 0)
            self.put(x, piece)

    def put(self, x: float, text: str, size: float | None = None) -> None:
        if self.row == self.LINES:
            self.pages.append([])
            self.row = 0
        self.pages[-1].append((x, 100 + self.row * 28, text, size or self.SIZE))
        self.row += 1

    def centred(self, text: str, size: float) -> None:
        width = len(text) * size
        self.put(297.6 - width / 2, text, size)

    def write(self, path: Path, number: str | None = None, header: str | None = None,
              footer: str | None = None) -> Path:
        for index, items in enumerate(self.pages, start=1):
            self.pdf.add_page()
            for x, y, text, size in items:
                self.pdf.set_font("cjk", size=size)
                self.pdf.text(x, y, text)
            self.pdf.set_font("cjk", size=10.5)
            if header:
                self.pdf.text(self.LEFT, 60, header)
            if footer:
                self.pdf.text(self.LEFT, 790, footer)
            if number:
                label = number.format(index)
                self.pdf.text(297.6 - len(label) * 2.6, 770, label)
        self.pdf.output(str(path))
        return path


PARAGRAPHS = [
    "为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大战略决策，扎实推进本市碳达峰工作，结合实际，制定本方案。",
    "一、总体要求",
    "（一）指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，"
    "深入贯彻习近平生态文明思想，立足新发展阶段，完整、准确、全面贯彻新发展理念，构建新发展格局。",
    "（二）主要目标。到二〇二五年，单位地区生产总值能源消耗和二氧化碳排放下降确保完成国家下达指标，"
    "非化石能源消费比重达到国家要求，为实现碳达峰奠定坚实基础。",
    "二、重点任务",
    "（一）能源绿色低碳转型行动。",
    "1．推进煤炭消费替代和转型升级。加快煤炭减量步伐，严格合理控制煤炭消费增长，有序淘汰煤电落后产能，"
    "加快现役机组节能升级和灵活性改造，积极推进供热改造，推动煤电向基础保障性和系统调节性电源并重转型。",
    "2．大力发展新能源。全面推进风电、太阳能发电大规模开发和高质量发展，坚持集中式与分布式并举，"
    "加快建设风电和光伏发电基地，推进光伏发电多元布局，推动风电协调快速发展，鼓励建设海上风电基地。",
]


def _typeset(paragraphs: list[str] = PARAGRAPHS, repeat: int = 3) -> Typesetter:
    setter = Typesetter()
    setter.centred("某市碳达峰实施方案", 22)
    for _ in range(repeat):
        for text in paragraphs:
            setter.paragraph(text, indent=True)
    return setter


def _expected(paragraphs: list[str] = PARAGRAPHS, repeat: int = 3) -> list[str]:
    return ["某市碳达峰实施方案", *paragraphs * repeat]


def test_wrapped_lines_join_into_paragraphs_across_pages(tmp_path: Path) -> None:
    setter = _typeset()
    assert len(setter.pages) >= 3  # paragraphs split by page breaks
    imported = import_document(setter.write(tmp_path / "plain.pdf"), "plain.pdf")
    assert imported.lines == _expected()
    joins = [c for c in imported.changes if c.kind == "joined"]
    assert len(joins) == sum(len(page) for page in setter.pages) - len(_expected())
    assert all(c.page and c.line and c.out for c in joins)


def test_headings_start_paragraphs_without_an_indent(tmp_path: Path) -> None:
    setter = Typesetter()
    for text in PARAGRAPHS:
        setter.paragraph(text, indent=False)
    imported = import_document(setter.write(tmp_path / "flush.pdf"), "flush.pdf")
    assert imported.lines == PARAGRAPHS


@pytest.mark.parametrize("label", ["― {} ―", "-{}-", "- {} -", "{}", "— {} —", "第{}页"])
def test_page_numbers_in_their_usual_forms_are_removed(tmp_path: Path, label: str) -> None:
    setter = _typeset()
    imported = import_document(setter.write(tmp_path / "numbered.pdf", number=label), "numbered.pdf")
    assert imported.lines == _expected()
    removed = [c for c in imported.changes if c.kind == "page-number"]
    assert [c.page for c in removed] == list(range(1, len(setter.pages) + 1))
    assert removed[1].text == label.format(2)


def test_running_headers_and_footers_are_removed(tmp_path: Path) -> None:
    setter = _typeset(repeat=4)
    imported = import_document(setter.write(tmp_path / "running.pdf", header="某市人民政府办公室文件",
                                            footer="某市碳达峰实施方案（征求意见稿） 第 {} 页"), "running.pdf")
    assert imported.lines == _expected(repeat=4)
    counts = Counter(c.kind for c in imported.changes)
    assert counts["running-header"] == counts["running-footer"] == len(setter.pages)


def test_a_page_number_fused_onto_a_heading_is_removed(tmp_path: Path) -> None:
    setter = Typesetter()
    setter.paragraph(PARAGRAPHS[0])
    setter.put(setter.LEFT + 2 * setter.SIZE, "5（四）加强组织领导。")
    setter.paragraph("各地区要把碳达峰工作摆在突出位置，层层压实责任。")
    imported = import_document(setter.write(tmp_path / "fused.pdf"), "fused.pdf")
    assert imported.lines == [PARAGRAPHS[0], "（四）加强组织领导。", "各地区要把碳达峰工作摆在突出位置，层层压实责任。"]
    fused = [c for c in imported.changes if c.kind == "page-number-fused"]
    assert [(c.text, c.page) for c in fused] == [("5", 1)]


def test_a_title_over_three_lines_is_one_line(tmp_path: Path) -> None:
    setter = Typesetter()
    for piece in ("某某市人民政府关于印发", "某某市碳达峰实施方案", "的通知"):
        setter.centred(piece, 22)
    setter.paragraph(PARAGRAPHS[0])
    imported = import_document(setter.write(tmp_path / "title.pdf"), "title.pdf")
    assert imported.lines == ["某某市人民政府关于印发某某市碳达峰实施方案的通知", PARAGRAPHS[0]]


def test_spaces_beside_digits_go_and_spaces_between_words_stay(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("cjk", "", str(_font()))
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    x = 90.0
    for piece, gap in (("根据《中共中央", 8), ("国务院关于完整准确全面贯彻新发展理念的意见》，到", 4),
                       ("2030", 4), ("年，", 0)):
        pdf.text(x, 100, piece)
        x += pdf.get_string_width(piece) + gap
    pdf.text(90, 128, "比 2020 年下降 18%，达到 120 万千瓦，CO2 排放和 Power to X 示范。")
    pdf.output(str(tmp_path / "spaces.pdf"))
    imported = import_document(tmp_path / "spaces.pdf", "spaces.pdf")
    assert imported.lines == ["根据《中共中央 国务院关于完整准确全面贯彻新发展理念的意见》，到2030年，"
                              "比2020年下降18%，达到120万千瓦，CO2排放和Power to X示范。"]
    removed = [c.text for c in imported.changes if c.kind == "space-removed"]
    assert "到 2" in removed and "0 年" in removed and "2 排" in removed


@pytest.mark.parametrize(("left", "right", "kept"), [
    ("央", "国", True), ("年", "2", False), ("0", "年", False), ("X", "示", False), ("to", "X", True),
    ("，", "到", False), ("1", ".", False), ("(", "C", False), ("S", ")", False), ("9", "5", True),
])
def test_which_spaces_are_words(left: str, right: str, kept: bool) -> None:
    assert keeps_space(left[-1], right[0]) is kept


def test_cjk_radical_code_points_are_mapped_and_reported(tmp_path: Path) -> None:
    setter = Typesetter()
    setter.paragraph(PARAGRAPHS[0])
    setter.paragraph("⼀、总体要求", indent=False)
    setter.paragraph("坚持全国⼀盘棋，统筹推进碳达峰碳中和工作，确保如期实现目标，推动经济社会发展全面绿色转型。")
    imported = import_document(setter.write(tmp_path / "radicals.pdf"), "radicals.pdf")
    assert imported.lines == [PARAGRAPHS[0], "一、总体要求",
                              "坚持全国一盘棋，统筹推进碳达峰碳中和工作，确保如期实现目标，推动经济社会发展全面绿色转型。"]
    mapped = [(c.text, c.to, c.page, c.line, c.out) for c in imported.changes if c.kind == "mapped"]
    assert mapped == [("⼀", "一", 1, 4, 2), ("⼀", "一", 1, 5, 3)]


# -- a saved web page ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>某市碳达峰实施方案_某市人民政府门户网站</title>
<meta name="ArticleTitle" content="某市人民政府关于印发某市碳达峰实施方案的通知">
<meta name="PubDate" content="2022-08-09 10:30">
<script>var x = "一、不是正文";</script>
</head><body>
<div class="nav">首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="TRS_Editor">
<p style="text-align:center">某市碳达峰实施方案</p>
<p>　　为深入贯彻落实党中央、国务院关于碳达峰、碳中和的重大战略决策，
扎实推进碳达峰工作，根据《中共中央&nbsp;国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》，制定本方案。</p>
<p>　　一、总体要求<br>　　（一）指导思想。到 2025 年，非化石能源消费比重达到20%左右&mdash;&mdash;确保如期实现碳达峰。</p>
<div>　　（二）工作原则。坚持&ldquo;全国统筹、节约优先&rdquo;。</div>
</div>
<div class="footer">版权所有：某市人民政府</div>
</body></html>
"""


def test_a_saved_web_page_imports_its_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    imported = import_document(path, "page.html")
    assert imported.lines == [
        "某市碳达峰实施方案",
        "为深入贯彻落实党中央、国务院关于碳达峰、碳中和的重大战略决策，扎实推进碳达峰工作，根据"
        "《中共中央 国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》，制定本方案。",
        "一、总体要求",
        "（一）指导思想。到2025年，非化石能源消费比重达到20%左右——确保如期实现碳达峰。",
        "（二）工作原则。坚持“全国统筹、节约优先”。",
    ]
    assert (imported.format, imported.title, imported.date) == ("html", "某市人民政府关于印发某市碳达峰实施方案的通知",
                                                                  "2022-08-09")
    assert sorted(c.text for c in imported.changes if c.kind == "space-removed") == ["5 年", "到 2"]


def test_a_gbk_web_page_without_a_known_container_falls_back_to_its_main_text(tmp_path: Path) -> None:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f"<title>方案</title></head><body><div class='x'>{body}</div></body></html>")
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gbk"))
    imported = import_document(path, "gbk.html")
    assert imported.lines == PARAGRAPHS


# -- the command line -----------------------------------------------------------------------------

def _project(tmp_path: Path) -> Path:
    """The smallest folder plansite takes for a project: its content/ and seeds/ go there."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    return tmp_path


def test_the_command_writes_the_text_its_report_and_the_source(tmp_path: Path) -> None:
    root = _project(tmp_path)
    pdf = PDFS / "national-2030.pdf"
    result = run_plansite("import", str(pdf), "-o", "seeds/national-2030.txt", "--url", "https://example.org/a.pdf",
                          cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "seeds" / "national-2030.txt").read_text(encoding="utf-8") == \
        (CORPUS / "national-2030.txt").read_text(encoding="utf-8")
    report = yaml.safe_load((root / "seeds" / "national-2030.import.yaml").read_text(encoding="utf-8"))
    assert report == yaml.safe_load(result.stdout)
    assert report["changes"] == {"joined": 302, "repeated-title": 1, "space-removed": 68}
    assert len(report["log"]) == 371 and report["log"][0]["kind"] == "repeated-title"
    source = yaml.safe_load((root / "content" / "national-2030" / "source.yaml").read_text(encoding="utf-8"))
    check_source(source, "source.yaml")
    assert source["file"] == "national-2030.pdf" and source["url"] == "https://example.org/a.pdf"
    assert source["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert "wrote seeds/national-2030.txt" in result.stderr
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["national-2030.import.yaml", "national-2030.txt"]


def test_outside_a_project_the_files_go_beside_the_seeds_folder(tmp_path: Path) -> None:
    """Not into the installed package's own project: where the user asked, and content/ beside."""
    from tests.conftest import ROOT

    result = run_plansite("import", str(PDFS / "industry-sector-national.pdf"), "-o", "out/seeds/industry.txt",
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/content/industry/source.yaml").is_file()
    assert not (ROOT / "content/industry").exists()
    default = run_plansite("import", str(PDFS / "industry-sector-national.pdf"), cwd=tmp_path / "out")
    assert default.returncode == 0, default.stderr
    assert (tmp_path / "out/seeds/industry-sector-national.txt").is_file()
    assert (tmp_path / "out/content/industry-sector-national/source.yaml").is_file()


def test_the_source_schema_refuses_what_it_does_not_describe() -> None:
    with pytest.raises(ValidationError) as error:
        check_source({"plan": "x", "file": "x.pdf", "sha256": "abc", "bytes": 1, "format": "doc", "text": "x.txt",
                      "text_sha256": "0" * 64}, "s.yaml")
    assert "at sha256" in str(error.value) and "at format" in str(error.value)


def _pdf_without_text(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")
    pdf.output(str(path))
    return path


def _encrypted(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", "", str(_font()))
    pdf.set_font("cjk", size=14)
    pdf.text(20, 20, PARAGRAPHS[0])
    pdf.set_encryption(owner_password="owner", user_password="reader")
    pdf.output(str(path))
    return path


def _english(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "Minutes of the meeting: no plan here")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(("name", "make", "message"), [
    ("notes.pdf", lambda p: p.write_text("plain words\n") or p,
     "notes.pdf: error: expected a PDF or a saved web page (HTML), found a file that is neither "
     "(no %PDF- header, no HTML tags)"),
    ("empty.pdf", lambda p: p.write_bytes(b"") or p,
     "empty.pdf: error: expected a PDF or a saved web page (HTML), found an empty file"),
    ("locked.pdf", _encrypted,
     "locked.pdf: error: expected a PDF that opens without a password, found an encrypted one "
     "(decrypt it first, e.g. `qpdf --decrypt`)"),
    ("scan.pdf", _pdf_without_text,
     "scan.pdf: error: expected a PDF with a text layer, found none on its 1 page (a scanned image? "
     "run it through OCR first)"),
    ("minutes.pdf", _english, "minutes.pdf: error: expected the text of a plan (Chinese), found 0 Chinese "
                              "characters in it"),
    ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n") or p,
     "broken.pdf: error: expected a PDF, found a file pdfminer cannot read"),
    ("page.html", lambda p: p.write_text("<html><head><title>首页</title></head><body><script>go()</script>"
                                         "</body></html>", encoding="utf-8") or p,
     "page.html: error: expected a web page with an article (a plan's text), found none"),
])
def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path, name: str, make, message: str) -> None:
    root = _project(tmp_path)
    make(root / name)
    result = run_plansite("import", name, "-o", "seeds/plan.txt", cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (root / "seeds").exists() and not (root / "content").exists()


def test_a_file_name_that_is_no_plan_id_asks_for_one(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "方案.pdf").write_bytes((PDFS / "national-2030.pdf").read_bytes())
    result = run_plansite("import", "方案.pdf", cwd=root)
    assert result.returncode == 2
    assert result.stderr == ("方案.pdf: error: expected a file name that is a plan id (lower-case ASCII letters, "
                             "digits and hyphens), found '方案': name the plan with -o seeds/<plan>.txt\n")
    assert sorted(p.name for p in root.iterdir()) == ["mkdocs.yml", "templates", "方案.pdf"]


def test_import_errors_name_the_file_in_the_library_too(tmp_path: Path) -> None:
    with pytest.raises(PlansiteError, match=r"^scan\.pdf: error: expected a PDF with a text layer"):
        import_document(_pdf_without_text(tmp_path / "scan.pdf"), "scan.pdf")


def test_help_teaches_the_command() -> None:
    result = run_plansite("--help")
    assert "import" in result.stdout and "plansite import plan.pdf -o seeds/x.txt" in result.stdout
    result = run_plansite("import", "--help")
    assert result.returncode == 0
    for words in ("seeds/<plan>.txt", "<plan>.import.yaml", "content/<plan>/source.yaml", "--url"):
        assert words in result.stdout


def test_build_refuses_a_document_whose_text_does_not_parse_and_names_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "baotou.pdf").write_bytes((PDFS / "more" / "baotou-city.pdf").read_bytes())
    result = run_plansite("build", "baotou.pdf", "-o", "out", cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith("baotou.pdf (imported as baotou.txt):1:1: error: expected a carbon-peaking plan "
                                    "with parts numbered 「一、」「二、」…, found no line opening part 「一、」\n")
    assert sorted(p.name for p in root.iterdir()) == ["baotou.pdf", "mkdocs.yml", "templates"]


@pytest.mark.slow
def test_build_takes_a_pdf_and_a_web_page(tmp_path: Path) -> None:
    from tests.helpers import copy_project, plansite

    root = copy_project(tmp_path / "project")
    (root / "fujian.pdf").write_bytes((PDFS / "more" / "fujian-data-centres-province.pdf").read_bytes())
    (root / "city.html").write_text(PAGE.replace("<div>　　（二）", "<p>二、重点任务</p><div>　　（一）"), encoding="utf-8")
    result = plansite("build", "fujian.pdf", "city.html", "-o", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "福建省贯彻落实碳达峰碳中和目标要求" in (root / "out" / "fujian" / "index.html").read_text(encoding="utf-8")
    assert (root / "out" / "city" / "2" / "1" / "index.html").is_file()
    assert not (root / "seeds" / "fujian.txt").exists() and not (root / "content" / "fujian").exists()
