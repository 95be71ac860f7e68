"""The settings of each MkDocs build, and the jieba dictionary their search indexes are cut with.

Every build of a site (the root, ``en/``, each plan in each language) starts from ``mkdocs.yml``;
:func:`build_overrides` gives one build its language (its name and banner from
``templates/strings.yaml``), its mount below the site root, docs, navigation and search settings.
The glossary's terms go into jieba's user dictionary (:func:`write_jieba_dictionary`), so a policy
term is one word of the index in both languages.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from builder.offline import offline_settings
from builder.project import Project, load_yaml
from builder.render import urls

#: Material's word separator for Chinese: whitespace, the zero-width space jieba's words are joined
#: with, and Chinese punctuation.
ZH_SEARCH_SEPARATOR = "[\\s\\u200b\\u3000\\-、。，．？！；]+"


def base_data(project: Project, offline: bool) -> dict[str, Any]:
    """``mkdocs.yml``'s settings (with the offline bundle's changes where ``offline``)."""
    data = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    return offline_settings(data) if offline else data


def build_overrides(project: Project, base: dict[str, Any], driver: Any, *, lang: str, mount: str,
                    docs_dir: Path, site_dir: Path, nav: list[Any]) -> dict[str, Any]:
    """The settings of one worker build: ``mkdocs.yml`` with its docs, site folder, navigation,
    language and mount (``extra.plansite_mount``: the hook links it to the root's theme assets)."""
    data = copy.deepcopy(base)
    theme = data["theme"]
    theme["language"] = lang
    extra = data.setdefault("extra", {})
    extra["plansite_lang"] = lang
    extra["plansite_mount"] = mount
    plan_mount = mount.removeprefix("en/")
    if plan_mount:
        # the header's title leads to the portal of the same language
        up = "../" * plan_mount.count("/")  # a version's build (dongying/v/2023/) is mounted deeper
        extra["homepage"] = up if driver["use_directory_urls"] else f"{up}index.html"
    strings = project.strings()
    data["site_name"] = strings["site_name"][lang]
    extra["plansite_skip"] = strings["skip_to_content"][lang]
    if lang != urls.SOURCE_LANG:  # a translation says which text is authoritative, on every page
        extra["plansite_announce"] = strings["authoritative"][lang]
    if driver.get("fresh"):  # nothing of the last build reused, not even a page's HTML (builder.pagecache)
        extra["plansite_fresh"] = True
    if driver.get("site_url"):
        extra["plansite_site_url"] = driver["site_url"]  # citations name the site's root, not the build's
        data["site_url"] = driver["site_url"].rstrip("/") + "/" + mount
    for plugin in data.get("plugins", []):
        if isinstance(plugin, dict) and plugin.get("search"):
            settings = plugin["search"]
            settings["jieba_dict_user"] = str(jieba_dictionary(project))
            if lang == "en":
                settings.pop("lang", None)
                # English pages quote Chinese (untranslated text, names, glossary terms): split it
                # into words as the Chinese site does, so 碳中和 is found in both languages' search
                settings["separator"] = ZH_SEARCH_SEPARATOR
    validation = data.setdefault("validation", {})
    if plan_mount:
        # a plan's nav links out of its own build (the portal, the glossary): generated, link-checked
        validation.setdefault("nav", {})["not_found"] = "info"
    keys = ("site_name", "theme", "extra", "plugins", "validation")
    overrides = {key: data[key] for key in keys if key in data}
    overrides.update(docs_dir=str(docs_dir), site_dir=str(site_dir), nav=nav, strict=driver["strict"],
                     use_directory_urls=driver["use_directory_urls"])
    if data.get("site_url"):
        overrides["site_url"] = data["site_url"]
    return overrides


def jieba_dictionary(project: Project) -> Path:
    return project.build_dir / "jieba-user.txt"


def write_jieba_dictionary(project: Project) -> None:
    """Policy terms from the glossary, so jieba keeps 碳中和 and 光储直柔 whole in the index."""
    glossary = load_yaml(project.content / "glossary.yaml") or {}
    forms = {w.replace(" ", "") for term in glossary.get("terms", []) or []
             for w in (term["zh"], *(term.get("aliases") or []))}
    path = jieba_dictionary(project)
    text = "".join(f"{w} 200000 n\n" for w in jieba_words(forms))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def jieba_words(forms: set[str]) -> list[str]:
    """The glossary's written forms jieba should keep whole: all of more than one character but
    those made of other forms end to end. 碳达峰碳中和 is indexed as 碳达峰 and 碳中和, so a reader's
    search for 碳中和 finds it (the browser matches the starts of indexed words, never their middles),
    and a search for 碳达峰碳中和 looks for both."""
    words = {w for w in forms if len(w) > 1}

    def composed(word: str) -> bool:
        ends = {0}  # prefix lengths of ``word`` spelt by other words
        for end in range(1, len(word) + 1):
            if any(start in ends and word[start:end] in words and word[start:end] != word
                   for start in range(end)):
                ends.add(end)
        return len(word) in ends

    return sorted(w for w in words if not composed(w))
