# ruff: noqa: E501  (HTML templates of the mirror pages read better unwrapped)
"""Generate the benchmark mirror: ~5,000 article pages of Hespress, La Vie éco and Yabiladi, ~60 KB each.

Usage: ``python bench/make_site.py DIR [--articles 5000] [--port 8090]`` writes into DIR (which must not
exist or be empty):

- ``site/<host>/...``: the pages nginx serves, one folder per mirror host;
- ``spiders_config/<slug>.yml``: the outlets' real configs (``spiders_config/``) with their domains,
  discovery URLs and ``article_url_pattern`` moved to the mirror hosts, for ``NEWSCRAWLER_CONFIG_DIR``;
- ``nginx.conf``: one ``server`` per mirror host on 127.0.0.2-4 (``bench/mirror.py`` runs it);
- ``mirror.json``: the hosts, the article URLs and what the crawl must find.

The markup of each outlet follows its recorded site in ``tests/sites/<slug>/pages`` (same classes,
Yoast JSON-LD graph, meta tags, date lines and bylines) with the furniture of a real page (menus,
related and most-read lists, comments, ad scripts) added until the page weighs about 60 KB. Titles and
bodies are varied French and Arabic sentences built from word lists, so no two pages share a body.
Discovery is what the configs read: Hespress' WordPress REST API (100 posts a page), feeds and French
sitemap index; La Vie éco's feeds and paginated category listings; Yabiladi's French and Arabic RSS.

The mirror hosts use the reserved ``.test`` top-level domain: outside the mirror they resolve nowhere.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from mirror import DEFAULT_PORT, HOSTS  # noqa: E402

from newscrawler.outlets.registry import load_outlet, read_config  # noqa: E402
from newscrawler.timezone import CASABLANCA  # noqa: E402

PAGE_BYTES = 60_000  # target size of an article page (and of a listing page)
# Outlet -> (real registered domain, mirror domain, share of the articles).
OUTLETS = {
    "hespress": ("hespress.com", "hespress.test", 0.4),
    "lavieeco": ("lavieeco.com", "lavieeco.test", 0.3),
    "yabiladi": ("yabiladi.com", "yabiladi.test", 0.3),
}
NEWEST = datetime(2025, 11, 20, 17, 0, tzinfo=UTC)
HESPRESS_PER_PAGE = 100  # WordPress' maximum per_page; the recorded config's 2 suits a 6-page fixture
LISTING_PER_PAGE = 20
FEED_ITEMS = 10  # WordPress' default feed length

# -- words ---------------------------------------------------------------------------------------

FR_MONTHS = ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre").split()
FR_WEEKDAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
AR_MONTHS = "يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر".split()
AR_WEEKDAYS = "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد".split()
FR_CITIES = (
    "Casablanca Rabat Tanger Marrakech Agadir Fès Oujda Dakhla Laâyoune Meknès Kénitra Tétouan Nador "
    "Safi Settat Khouribga"
).split()
AR_CITIES = "الدار_البيضاء الرباط طنجة مراكش أكادير فاس وجدة الداخلة العيون مكناس القنيطرة تطوان الناظور آسفي سطات خريبكة".split()
AR_CITIES = [city.replace("_", " ") for city in AR_CITIES]
FR_SUBJECTS = [
    "Le ministère de l'Économie et des Finances",
    "Bank Al-Maghrib",
    "Le Haut-Commissariat au Plan",
    "L'Office national des pêches",
    "La commune de Casablanca",
    "Le Conseil de gouvernement",
    "L'Agence marocaine de développement des investissements",
    "La Fédération nationale du tourisme",
    "La Confédération générale des entreprises du Maroc",
    "Le groupe OCP",
    "Le ministère de l'Éducation nationale",
    "L'Autorité portuaire de Tanger Med",
    "La Fédération des associations de consommateurs",
    "La Direction générale de la météorologie",
    "Le Conseil économique, social et environnemental",
    "L'Agence nationale de réglementation des télécommunications",
    "La wilaya de la région Souss-Massa",
    "L'Office national de l'électricité et de l'eau potable",
    "L'Association des producteurs d'agrumes",
    "Le groupe Royal Air Maroc",
    "La Caisse de dépôt et de gestion",
    "Le ministère de la Santé",
]
FR_VERBS = [
    "a annoncé",
    "prévoit",
    "a présenté",
    "a dévoilé",
    "confirme",
    "a signé",
    "a lancé",
    "a enregistré",
    "a validé",
    "examine",
    "prépare",
    "a engagé",
    "met en avant",
    "a détaillé",
]
FR_OBJECTS = [
    "une hausse de {pct}% des investissements",
    "un nouveau programme de soutien aux très petites entreprises",
    "un plan de {n} millions de dirhams pour les infrastructures rurales",
    "un repli de {pct}% des importations de céréales",
    "une convention de partenariat avec les conseils régionaux",
    "des mesures pour contenir la hausse des prix",
    "un projet de décret sur le transport routier de marchandises",
    "une enveloppe de {n} millions de dirhams pour les ménages",
    "la création de {n} postes d'enseignants",
    "un programme d'irrigation au goutte-à-goutte",
    "une campagne de vaccination dans les communes rurales",
    "une étude sur l'emploi des jeunes diplômés",
    "la mise en service d'une station de dessalement",
    "un appel d'offres pour {n} autobus électriques",
    "un recul du chômage à {pct}%",
    "une progression de {pct}% des nuitées touristiques",
    "la rénovation de {n} établissements scolaires",
    "un excédent commercial de {n} millions de dirhams",
]
FR_COMPLEMENTS = [
    "à fin {month}",
    "selon un communiqué publié {weekday}",
    "dans la région de {city}",
    "au titre de l'exercice {year}",
    "d'ici la fin de l'année",
    "par rapport à la même période de l'année précédente",
    "lors d'une conférence de presse à {city}",
    "en marge de son conseil d'administration",
    "après plusieurs mois de concertation",
    "dans le cadre de la loi de finances {year}",
    "sur les neuf premiers mois de {year}",
    "avec l'appui des autorités locales de {city}",
]
FR_CONNECTORS = [
    "Par ailleurs,",
    "En outre,",
    "De son côté,",
    "Dans le détail,",
    "Selon les mêmes sources,",
    "Pour rappel,",
    "Toutefois,",
    "Dans ce contexte,",
    "",
    "",
    "",
]
FR_TOPICS = [
    "Tourisme",
    "Pêche maritime",
    "Immobilier",
    "Éducation",
    "Énergie",
    "Agriculture",
    "Transport",
    "Santé",
    "Emploi",
    "Finances publiques",
    "Industrie",
    "Eau",
    "Numérique",
    "Commerce extérieur",
    *FR_CITIES,
]
AR_SUBJECTS = [
    "وزارة الاقتصاد والمالية",
    "بنك المغرب",
    "المندوبية السامية للتخطيط",
    "المكتب الوطني للصيد",
    "جماعة الدار البيضاء",
    "الحكومة",
    "الوكالة المغربية لتنمية الاستثمارات والصادرات",
    "الجامعة الوطنية للسياحة",
    "الاتحاد العام لمقاولات المغرب",
    "مجموعة المكتب الشريف للفوسفاط",
    "وزارة التربية الوطنية",
    "السلطة المينائية طنجة المتوسط",
    "جامعة جمعيات حماية المستهلك",
    "المديرية العامة للأرصاد الجوية",
    "المجلس الاقتصادي والاجتماعي والبيئي",
    "ولاية جهة سوس ماسة",
    "المكتب الوطني للكهرباء والماء الصالح للشرب",
    "الخطوط الملكية المغربية",
    "صندوق الإيداع والتدبير",
    "وزارة الصحة والحماية الاجتماعية",
]
AR_VERBS = ["أعلنت", "كشفت", "أفصحت", "تحدثت", "أخبرت"]
AR_OBJECTS = [
    "عن ارتفاع الاستثمارات بنسبة {pct} في المائة",
    "عن برنامج جديد لدعم المقاولات الصغيرة جدا",
    "عن مخطط بقيمة {n} مليون درهم لتأهيل البنيات التحتية القروية",
    "عن تراجع واردات الحبوب بنسبة {pct} في المائة",
    "عن اتفاقية شراكة مع المجالس الجهوية",
    "عن إجراءات للحد من ارتفاع الأسعار",
    "عن مشروع مرسوم يتعلق بالنقل الطرقي للبضائع",
    "عن غلاف مالي قدره {n} مليون درهم لفائدة الأسر",
    "عن إحداث {n} منصبا جديدا لفائدة الأساتذة",
    "عن برنامج للري بالتنقيط",
    "عن حملة تلقيح بالجماعات القروية",
    "عن دراسة حول تشغيل الشباب حاملي الشهادات",
    "عن تشغيل محطة جديدة لتحلية مياه البحر",
    "عن طلب عروض لاقتناء {n} حافلة كهربائية",
    "عن تراجع معدل البطالة إلى {pct} في المائة",
    "عن ارتفاع ليالي المبيت السياحية بنسبة {pct} في المائة",
    "عن تأهيل {n} مؤسسة تعليمية",
]
AR_COMPLEMENTS = [
    "خلال شهر {month}",
    "وفق بلاغ صادر يوم {weekday}",
    "بجهة {city}",
    "برسم سنة {year}",
    "قبل متم السنة الجارية",
    "مقارنة مع الفترة نفسها من السنة الماضية",
    "خلال ندوة صحافية بمدينة {city}",
    "على هامش اجتماع مجلس الإدارة",
    "بعد عدة أشهر من التشاور",
    "في إطار قانون المالية لسنة {year}",
    "خلال الأشهر التسعة الأولى من سنة {year}",
    "بتنسيق مع السلطات المحلية بمدينة {city}",
]
AR_CONNECTORS = [
    "من جهة أخرى،",
    "وفي هذا الصدد،",
    "وحسب المعطيات نفسها،",
    "وفي السياق ذاته،",
    "وبحسب المصدر ذاته،",
    "",
    "",
    "",
]
FR_AUTHORS = [
    "Salma Bentaleb",
    "Karim Ouazzani",
    "Zineb Jazouli",
    "Youssef El Idrissi",
    "Nadia Lamrani",
    "Hamza Benjelloun",
    "Imane Chraibi",
    "Mehdi Alaoui",
    "Leïla Tazi",
    "Omar Bennani",
    "Rim Berrada",
    "Samir Kettani",
    "Nabil Ouarzazi",
    "Ghita Sefrioui",
]
AR_AUTHORS = [
    "كريم بنعمر",
    "سلمى بنطالب",
    "يوسف الإدريسي",
    "نادية لمراني",
    "حمزة بنجلون",
    "إيمان الشرايبي",
    "مهدي العلوي",
    "عمر بناني",
    "ريم برادة",
    "سمير الكتاني",
    "مريم التازي",
    "حمزة الفاضلي",
]
FR_COMMENTS = [
    "Enfin une bonne nouvelle, il était temps.",
    "Espérons que cela dure au-delà des annonces.",
    "Et les régions enclavées dans tout ça ?",
    "Très bon article, merci pour ces précisions.",
    "On attend de voir les résultats sur le terrain.",
    "Les chiffres ne disent pas tout.",
    "Bravo aux équipes qui ont porté ce projet.",
    "Il faudrait aussi penser aux petites communes.",
]
AR_COMMENTS = [
    "خبر جميل، نتمنى أن يتم تنزيله على أرض الواقع.",
    "ماذا عن المناطق النائية؟",
    "شكرا على هذا المقال المفيد.",
    "ننتظر النتائج الفعلية وليس الوعود.",
    "الأرقام وحدها لا تكفي.",
    "مبادرة تستحق التشجيع.",
    "يجب التفكير في الجماعات الصغيرة أيضا.",
    "إلى متى سننتظر؟",
]


@dataclass
class Post:
    outlet: str
    host: str
    language: str
    id: int
    path: str  # URL path, unquoted (Arabic letters as letters)
    title: str
    lead: str
    paragraphs: list[str]
    byline: str  # as printed
    authors: list[str]
    published: datetime  # aware UTC
    modified: datetime
    section: str
    section_slug: str
    tags: list[str]
    image: str
    extra: dict = field(default_factory=dict)

    def url(self, port: int) -> str:
        """The URL as sites write it: path percent-encoded in lower case (WordPress) or upper case."""
        return f"http://{self.host}:{port}{_quote_path(self.path, lower=self.outlet == 'hespress')}"


def _quote_path(path: str, lower: bool = False) -> str:
    quoted = quote(path, safe="/-_.~")
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quoted) if lower else quoted


def _fill(template: str, rng: random.Random, language: str) -> str:
    cities, months, weekdays = (
        (AR_CITIES, AR_MONTHS, AR_WEEKDAYS) if language == "ar" else (FR_CITIES, FR_MONTHS, FR_WEEKDAYS)
    )
    return template.format(
        pct=f"{rng.randint(2, 38)}{',' if language == 'fr' else '.'}{rng.randint(1, 9)}",
        n=rng.choice([12, 45, 120, 250, 400, 800, 1200, 3500]),
        city=rng.choice(cities),
        month=rng.choice(months),
        weekday=rng.choice(weekdays),
        year=rng.choice([2024, 2025, 2026]),
    )


def sentence(rng: random.Random, language: str, connector: bool = True) -> str:
    if language == "ar":
        parts = [
            rng.choice(AR_CONNECTORS) if connector else "",
            rng.choice(AR_VERBS),
            rng.choice(AR_SUBJECTS),
            _fill(rng.choice(AR_OBJECTS), rng, "ar"),
            _fill(rng.choice(AR_COMPLEMENTS), rng, "ar"),
        ]
        return " ".join(part for part in parts if part) + "."
    subject = rng.choice(FR_SUBJECTS)
    lead_in = rng.choice(FR_CONNECTORS) if connector else ""
    if lead_in and subject.startswith(("Le ", "La ", "Les ", "L'")):
        subject = subject[0].lower() + subject[1:]
    parts = [
        lead_in,
        subject,
        rng.choice(FR_VERBS),
        _fill(rng.choice(FR_OBJECTS), rng, "fr"),
        _fill(rng.choice(FR_COMPLEMENTS), rng, "fr"),
    ]
    return " ".join(part for part in parts if part) + "."


def paragraph(rng: random.Random, language: str) -> str:
    return " ".join(sentence(rng, language, connector=i > 0) for i in range(rng.randint(2, 4)))


def title(rng: random.Random, language: str) -> str:
    if language == "ar":
        return f"{rng.choice(AR_SUBJECTS)} {rng.choice(AR_VERBS)} {_fill(rng.choice(AR_OBJECTS), rng, 'ar')} {_fill(rng.choice(AR_COMPLEMENTS), rng, 'ar')}"
    text = _fill(rng.choice(FR_OBJECTS), rng, "fr")
    return f"{rng.choice(FR_TOPICS)} : {text[0].upper()}{text[1:]} {_fill(rng.choice(FR_COMPLEMENTS), rng, 'fr')}"


def fr_slug(text: str, limit: int = 90) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-")


def ar_slug(text: str, limit: int = 40) -> str:
    words = re.sub(r"[^\w\s]", " ", text).split()
    return "-".join(words)[:limit].rstrip("-")


def fr_date(value: datetime) -> str:
    return f"{value.day} {FR_MONTHS[value.month - 1]} {value.year}"


def ar_date_line(local: datetime) -> str:
    """Hespress' Arabic date line: 'الثلاثاء 4 نونبر 2025 - 17:05'."""
    return f"{AR_WEEKDAYS[local.weekday()]} {local.day} {AR_MONTHS[local.month - 1]} {local.year} - {local:%H:%M}"


def rfc822(value: datetime, local: bool = False) -> str:
    value = value.astimezone(CASABLANCA) if local else value.astimezone(UTC)
    days, months = "Mon Tue Wed Thu Fri Sat Sun".split(), "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return (
        f"{days[value.weekday()]}, {value.day:02d} {months[value.month - 1]} {value.year} {value:%H:%M:%S} {value:%z}"
    )


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# -- the posts -----------------------------------------------------------------------------------

HESPRESS_SECTIONS = {
    "fr": [
        ("Politique", "politique"),
        ("Économie", "economie"),
        ("Société", "societe"),
        ("Sport", "sport"),
        ("Culture", "culture"),
        ("Monde", "monde"),
    ],
    "ar": [
        ("سياسة", "politique"),
        ("اقتصاد", "economie"),
        ("مجتمع", "societe"),
        ("رياضة", "sport"),
        ("جهات", "regions"),
        ("ثقافة", "art-et-culture"),
    ],
}
LAVIEECO_SECTIONS = [
    ("Economie", "economie"),
    ("Affaires", "affaires"),
    ("Politique", "politique"),
    ("Société", "societe"),
    ("Culture", "culture"),
]
YABILADI_SECTIONS = {
    "fr": [("Politique", 2), ("Société", 3), ("Culture", 4), ("Economie", 5), ("Diaspora", 6)],
    "ar": [("سياسة", 21), ("مجتمع", 22), ("ثقافة", 23), ("اقتصاد", 24), ("مغاربة العالم", 25)],
}


def _dates(rng: random.Random, count: int) -> list[datetime]:
    """``count`` publication instants, newest first, about 1.5 hours apart, on the hour's minutes."""
    step = timedelta(days=330) / max(count, 1)
    return [
        (NEWEST - step * i - timedelta(minutes=rng.randint(0, 40))).replace(second=0, microsecond=0)
        for i in range(count)
    ]


def _tags(rng: random.Random, language: str) -> list[str]:
    pool = (
        [*AR_CITIES, "الاستثمار", "الفلاحة", "التعليم", "الماء", "السياحة", "الصحة", "التشغيل"]
        if language == "ar"
        else [*FR_CITIES, "Investissement", "Agriculture", "Éducation", "Eau", "Tourisme", "Santé", "Emploi"]
    )
    return rng.sample(pool, rng.randint(2, 4))


def make_posts(total: int, seed: int = 2025) -> list[Post]:
    rng = random.Random(seed)
    counts = {slug: round(total * share) for slug, (_, _, share) in OUTLETS.items()}
    counts["yabiladi"] = total - counts["hespress"] - counts["lavieeco"]
    posts: list[Post] = []
    for language, host, count, first_id in (
        ("fr", "fr.hespress.test", counts["hespress"] // 2, 380_000),
        ("ar", "www.hespress.test", counts["hespress"] - counts["hespress"] // 2, 1_480_000),
    ):
        for index, published in enumerate(_dates(rng, count)):
            post_id = first_id + (count - index) * 37
            text = title(rng, language)
            path = f"/{post_id}-{fr_slug(text)}.html" if language == "fr" else f"/{ar_slug(text)}-{post_id}.html"
            author = rng.choice(FR_AUTHORS if language == "fr" else AR_AUTHORS)
            credit = rng.random()
            if language == "fr":
                byline = "MAP" if credit < 0.15 else ("Hespress FR" if credit < 0.3 else author)
            else:
                byline = "هسبريس - و.م.ع" if credit < 0.15 else f"هسبريس - {author}"
            section, section_slug = rng.choice(HESPRESS_SECTIONS[language])
            posts.append(
                Post(
                    "hespress",
                    host,
                    language,
                    post_id,
                    path,
                    text,
                    paragraph(rng, language),
                    [paragraph(rng, language) for _ in range(rng.randint(6, 12))],
                    byline,
                    [author],
                    published,
                    published + timedelta(minutes=rng.choice([0, 0, 25, 70])),
                    section,
                    section_slug,
                    _tags(rng, language),
                    f"https://i1.hespress.com/wp-content/uploads/{published:%Y/%m}/img-{post_id}.jpg",
                )
            )
    slugs: set[str] = set()
    for index, published in enumerate(_dates(rng, counts["lavieeco"])):
        post_id = 120_000 + (counts["lavieeco"] - index) * 29
        text = title(rng, "fr")
        section, section_slug = LAVIEECO_SECTIONS[index % len(LAVIEECO_SECTIONS)]
        slug = fr_slug(text)
        slug = next(
            f"{slug}-{n}" if n > 1 else slug for n in range(1, 99) if (f"{slug}-{n}" if n > 1 else slug) not in slugs
        )
        slugs.add(slug)  # WordPress appends -2, -3 to a slug already taken
        author = rng.choice(FR_AUTHORS)
        byline = "La Vie éco avec MAP" if rng.random() < 0.15 else author
        posts.append(
            Post(
                "lavieeco",
                "www.lavieeco.test",
                "fr",
                post_id,
                f"/{section_slug}/{slug}/",
                text,
                paragraph(rng, "fr"),
                [paragraph(rng, "fr") for _ in range(rng.randint(6, 12))],
                byline,
                [author],
                published,
                published + timedelta(minutes=rng.choice([0, 6, 45])),
                section,
                section_slug,
                _tags(rng, "fr"),
                f"https://www.lavieeco.com/wp-content/uploads/{published:%Y/%m}/lve-{post_id}.jpg",
            )
        )
    for language, host, count in (
        ("fr", "www.yabiladi.test", counts["yabiladi"] // 2),
        ("ar", "ar.yabiladi.test", counts["yabiladi"] - counts["yabiladi"] // 2),
    ):
        for index, published in enumerate(_dates(rng, count)):
            post_id = 160_000 + (count - index) * 19 + (1 if language == "ar" else 0)
            text = title(rng, language)
            slug = fr_slug(text, 60) if language == "fr" else ar_slug(text, 50)
            authors = rng.sample(FR_AUTHORS if language == "fr" else AR_AUTHORS, 2 if rng.random() < 0.2 else 1)
            section, section_id = rng.choice(YABILADI_SECTIONS[language])
            posts.append(
                Post(
                    "yabiladi",
                    host,
                    language,
                    post_id,
                    f"/articles/details/{post_id}/{slug}.html",
                    text,
                    paragraph(rng, language),
                    [paragraph(rng, language) for _ in range(rng.randint(6, 12))],
                    "",
                    authors,
                    published,
                    published,
                    section,
                    str(section_id),
                    _tags(rng, language),
                    f"https://static.yabiladi.com/files/articles/{post_id:x}{published:%Y%m%d%H%M%S}.jpg",
                    {"caption": sentence(rng, language, connector=False)[:80], "credit": "Yabiladi"},
                )
            )
    return posts


# -- page furniture: added until a page weighs PAGE_BYTES ------------------------------------------


def _padded(page: str, marker: str, blocks) -> str:
    """``page`` with furniture blocks inserted at ``marker`` until it weighs about PAGE_BYTES."""
    size = len(page.encode("utf-8"))
    added = []
    for block in blocks:
        if size >= PAGE_BYTES:
            break
        added.append(block)
        size += len(block.encode("utf-8"))
    return page.replace(marker, "".join(added), 1)


def _cycle(*makers):
    while True:
        for make in makers:
            yield make()


def _ad_script(rng: random.Random, prefix: str) -> str:
    slots = [
        f"googletag.defineSlot('/1004620/{prefix}_{rng.choice(['top', 'pave', 'inread', 'footer', 'sticky'])}_{i}', "
        f"[[{rng.choice([300, 728, 970])}, {rng.choice([90, 250, 600])}]], 'div-gpt-ad-{rng.randint(10**12, 10**13)}-{i}')"
        f".addService(googletag.pubads());"
        for i in range(6)
    ]
    config = json.dumps(
        {
            "site": prefix,
            "targeting": {"kw": rng.sample(FR_TOPICS, 4), "pos": rng.randint(1, 9)},
            "lazy": {"fetchMarginPercent": 200, "renderMarginPercent": 100, "mobileScaling": 2.0},
        }
    )
    return (
        "<script type='text/javascript'>\ngoogletag.cmd.push(function() {\n"
        + "\n".join(slots)
        + f"\nvar cfg = {config};\ngoogletag.pubads().enableLazyLoad(cfg.lazy);\ngoogletag.enableServices();\n}});\n</script>\n"
    )


def _hespress_furniture(rng, post: Post, others: list[Post], port: int):
    fr = post.language == "fr"

    def related():
        cards = "".join(
            f'<div class="col-12 col-md-4"><div class="card card-related"><div class="ratio-medium"><img class="wp-post-image" '
            f'src="{o.image[:-4]}-300x200.jpg" alt="" loading="lazy"></div><div class="card-body"><span class="cat">{esc(o.section)}</span>'
            f'<h3 class="card-title">{esc(o.title)}</h3><small class="text-muted time">{o.published:%d/%m/%Y}</small>'
            f'<a class="stretched-link" href="{o.url(port)}" title="{esc(o.title)}"></a></div></div></div>'
            for o in rng.sample(others, 3)
        )
        heading = "À lire aussi" if fr else "اقرأ أيضا"
        return f'<section class="box-related"><h4 class="box-title">{heading}</h4><div class="row">{cards}</div></section>\n'

    def most_read():
        items = "".join(
            f'<li><span class="rank">{i + 1}</span><a href="{o.url(port)}">{esc(o.title)}</a></li>'
            for i, o in enumerate(rng.sample(others, 5))
        )
        heading = "Les plus lus" if fr else "الأكثر قراءة"
        return f'<section class="most-read"><h4 class="box-title">{heading}</h4><ol>{items}</ol></section>\n'

    def comments():
        items = "".join(
            f'<li class="comment" id="comment-{rng.randint(10**6, 10**7)}"><div class="comment-body"><div class="comment-author">'
            f'<span class="fn">{esc(rng.choice(FR_AUTHORS if fr else AR_AUTHORS).split()[0])}</span></div>'
            f'<div class="comment-date">{post.published:%d/%m/%Y}</div><div class="comment-content"><p>'
            f"{esc(rng.choice(FR_COMMENTS if fr else AR_COMMENTS))}</p></div></div></li>"
            for _ in range(4)
        )
        return f'<ul class="comment-list hide-comments">{items}</ul>\n'

    return _cycle(related, most_read, lambda: _ad_script(rng, "hespress"), comments)


def hespress_page(post: Post, others: list[Post], port: int, rng: random.Random) -> str:
    fr = post.language == "fr"
    url = post.url(port)
    base = f"http://{post.host}:{port}"
    site = "Hespress Français" if fr else "هسبريس"
    local = post.published.astimezone(CASABLANCA)
    published_iso = post.published.isoformat()
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "@id": f"{url}#article",
                "isPartOf": {"@id": url},
                "author": {"name": post.byline, "@id": f"{base}/#/schema/person/{post.id:x}"},
                "headline": post.title,
                "datePublished": published_iso,
                "dateModified": post.modified.isoformat(),
                "mainEntityOfPage": {"@id": url},
                "wordCount": sum(len(p.split()) for p in post.paragraphs),
                "publisher": {"@id": f"{base}/#organization"},
                "image": {"@id": f"{url}#primaryimage"},
                "thumbnailUrl": post.image,
                "keywords": post.tags,
                "articleSection": [post.section],
                "inLanguage": "fr-FR" if fr else "ar",
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": f"{post.title} - {site}",
                "isPartOf": {"@id": f"{base}/#website"},
                "datePublished": published_iso,
                "description": post.lead,
                "inLanguage": "fr-FR" if fr else "ar",
                "breadcrumb": {"@id": f"{url}#breadcrumb"},
            },
            {
                "@type": "ImageObject",
                "@id": f"{url}#primaryimage",
                "url": post.image,
                "contentUrl": post.image,
                "width": 1200,
                "height": 800,
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Accueil" if fr else "الرئيسية", "item": f"{base}/"},
                    {"@type": "ListItem", "position": 2, "name": post.section, "item": f"{base}/{post.section_slug}"},
                    {"@type": "ListItem", "position": 3, "name": post.title},
                ],
            },
            {
                "@type": "Organization",
                "@id": f"{base}/#organization",
                "name": "Hespress",
                "url": f"{base}/",
                "logo": {
                    "@type": "ImageObject",
                    "url": "https://i1.hespress.com/wp-content/uploads/2021/09/schema_publisher_logo.jpg",
                },
            },
            {"@type": "Person", "@id": f"{base}/#/schema/person/{post.id:x}", "name": post.byline},
        ],
    }
    if fr:
        date_html = f'<time class="date-post" datetime="{local.isoformat()}">{FR_WEEKDAYS[local.weekday()].capitalize()} {local.day} {FR_MONTHS[local.month - 1].capitalize()} {local.year} - {local:%H:%M}</time>'
    else:
        date_html = f'<span class="date-post">{ar_date_line(local)}</span>'
    menu = "".join(
        f'<li class="nav-item"><a class="nav-link" href="{base}/{slug}">{esc(name)}</a></li>'
        for name, slug in HESPRESS_SECTIONS[post.language]
    )
    body = "\n".join(f"<p>{esc(p)}</p>" for p in post.paragraphs[:3])
    body += '\n<div class="ads ads-inread"><ins class="adsbygoogle" data-ad-slot="4729"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>\n'
    body += "\n".join(f"<p>{esc(p)}</p>" for p in post.paragraphs[3:])
    tags = "".join(f'<a class="tag_post_tag" href="{base}/tag/{quote(t)}" rel="tag">{esc(t)}</a>' for t in post.tags)
    share = "".join(
        f'<a class="share-{name}" href="{href}{quote(url, safe="")}" target="_blank" rel="noopener">{name.capitalize()}</a>'
        for name, href in (
            ("facebook", "https://www.facebook.com/sharer/sharer.php?u="),
            ("twitter", "https://twitter.com/intent/tweet?url="),
            ("whatsapp", "whatsapp://send?text="),
        )
    )
    page = f"""<!DOCTYPE html>
<html {'lang="fr-FR"' if fr else 'dir="rtl" lang="ar"'}>
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>{esc(post.title)} - {site}</title>
<!-- This site is optimized with the Yoast SEO Premium plugin - https://yoast.com/wordpress/plugins/seo/ -->
<meta name="description" content="{esc(post.lead)}">
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">
<link rel="canonical" href="{url}">
<meta property="og:locale" content="{"fr_FR" if fr else "ar_AR"}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(post.title)} - {site}">
<meta property="og:description" content="{esc(post.lead)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{site}">
<meta property="article:publisher" content="https://www.facebook.com/Hespress">
<meta property="article:published_time" content="{published_iso}">
<meta property="article:modified_time" content="{post.modified.isoformat()}">
<meta property="og:image" content="{post.image}">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="800">
<meta name="author" content="{esc(post.byline)}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@hespress">
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False)}</script>
<!-- / Yoast SEO Premium plugin. -->
<link rel="alternate" type="application/rss+xml" title="{site} &raquo; Flux" href="{base}/feed">
<link rel="https://api.w.org/" href="{base}/wp-json/">
<link rel="alternate" title="JSON" type="application/json" href="{base}/wp-json/wp/v2/posts/{post.id}">
<link rel='shortlink' href='{base}/?p={post.id}'>
<link rel="stylesheet" id="bootstrap-css" href="{base}/wp-content/themes/hespress/assets/css/bootstrap.min.css?ver=5.1.3" media="all">
<link rel="stylesheet" id="hespress-style-css" href="{base}/wp-content/themes/hespress/style.css?ver=3.4.2" media="all">
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
<script>window.googletag = window.googletag || {{cmd: []}};</script>
</head>
<body class="post-template-default single single-post postid-{post.id} single-format-standard">
<header id="header" class="site-header">
<div class="top-bar"><div class="container d-flex"><span class="today-date">{"Édition du" if fr else "عدد"} {local:%d/%m/%Y}</span>
<div class="editions"><a href="http://www.hespress.test:{port}/">العربية</a> <a href="http://fr.hespress.test:{port}/">Français</a></div></div></div>
<nav class="navbar navbar-expand-lg"><div class="container"><a class="navbar-brand" href="{base}/"><img src="https://i1.hespress.com/wp-content/uploads/2021/09/logo-hespress.png" alt="{site}"></a>
<ul class="navbar-nav">{menu}</ul></div></nav>
</header>
<main class="main-content"><div class="container"><div class="row">
<div class="col-12 col-lg-8">
<article id="post-{post.id}" class="post-{post.id} post type-post status-publish">
<nav aria-label="breadcrumb"><ol class="breadcrumb">
<li class="breadcrumb-item"><a href="{base}/">{"Accueil" if fr else "الرئيسية"}</a></li>
<li class="breadcrumb-item"><a href="{base}/{post.section_slug}">{esc(post.section)}</a></li>
<li class="breadcrumb-item active" aria-current="page">{esc(post.title)}</li>
</ol></nav>
<h1 class="post-title">{esc(post.title)}</h1>
<div class="article-info"><span class="author"><a href="{base}/author/{post.id % 97}">{esc(post.byline)}</a></span> {date_html}
<span class="comments-count"><a href="#comments">4</a></span></div>
<div class="share-post"><span>{"Partager" if fr else "شارك"}</span>{share}</div>
<div class="post-thumbnail featured-img"><img width="1200" height="800" src="{post.image}" class="attachment-full size-full wp-post-image" alt="{esc(post.title)}" decoding="async"></div>
<div class="article-content">
{body}
</div>
<section class="box-tags"><h4 class="box-title">{"Tags" if fr else "الكلمات الدلالية"}</h4><div class="tags-list">{tags}</div></section>
<div class="share-post"><span>{"Partager" if fr else "شارك"}</span>{share}</div>
<!--furniture-->
</article>
</div>
<aside class="col-12 col-lg-4 sidebar">
<div class="ads ads-sidebar"><div id="div-gpt-ad-sidebar"></div></div>
</aside>
</div></div></main>
<footer class="site-footer"><div class="container">
<ul class="footer-menu"><li><a href="{base}/about">{"Qui sommes-nous" if fr else "من نحن"}</a></li><li><a href="{base}/contact">Contact</a></li></ul>
<p class="copyright">Tous droits réservés © Hespress {post.published.year}</p></div></footer>
<script src="{base}/wp-content/themes/hespress/assets/js/main.js?ver=3.4.2" id="hespress-main-js"></script>
</body>
</html>
"""
    return _padded(page, "<!--furniture-->", _hespress_furniture(rng, post, others, port))


def _lavieeco_furniture(rng, post_or_none, others: list[Post], port: int):
    def related():
        items = "".join(
            f'<div class="listing-item listing-item-thumbnail listing-item-tb-1"><div class="item-inner"><a class="img-holder" '
            f'href="{o.url(port)}" data-src="{o.image[:-4]}-210x136.jpg"></a><p class="title"><a class="post-url post-title" '
            f'href="{o.url(port)}">{esc(o.title)}</a></p></div></div>\n'
            for o in rng.sample(others, 3)
        )
        return (
            f'<div class="post-related"><div class="section-heading sh-t1 sh-s1 multi-tab"><span class="h-text related-posts-heading">'
            f'Articles similaires</span></div><div class="bs-pagination-wrapper main-term-none next_prev"><div class="listing '
            f'listing-thumbnail listing-tb-1 clearfix scolumns-3 simple-grid include-last-mobile">\n{items}</div></div></div>\n'
        )

    def most_read():
        items = "".join(
            f'<div class="listing-item listing-item-thumbnail listing-item-tb-2 main-term-{i}"><div class="item-inner clearfix">'
            f'<div class="featured featured-type-featured-image"><a title="{esc(o.title)}" data-src="{o.image[:-4]}-210x136.jpg" '
            f'data-bs-srcset=\'{{"baseurl":"https://www.lavieeco.com/wp-content/uploads/","sizes":{{"86":"s-86x64.jpg","210":"s-210x136.jpg"}}}}\' '
            f'class="img-holder" href="{o.url(port)}"></a></div><p class="title"><a href="{o.url(port)}" class="post-url post-title">'
            f"{esc(o.title)}</a></p></div></div>\n"
            for i, o in enumerate(rng.sample(others, 3))
        )
        return (
            f'<div class="h-ni w-t primary-sidebar-widget widget widget_bs-thumbnail-list-1"><div class="section-heading sh-t1 sh-s1">'
            f'<span class="h-text">Les plus lus</span></div><div class="bs-listing bs-listing-listing-thumbnail-2 bs-listing-single-tab">'
            f'<div class="listing listing-thumbnail listing-tb-2 clearfix columns-1">\n{items}</div></div></div>\n'
        )

    def comments():
        items = "".join(
            f'<li class="comment"><article class="clearfix"><div class="comment-meta"><cite class="comment-author">'
            f'{esc(rng.choice(FR_AUTHORS).split()[0])}</cite></div><div class="comment-content"><p>{esc(rng.choice(FR_COMMENTS))}</p>'
            f"</div></article></li>"
            for _ in range(4)
        )
        return f'<section class="comments-template"><ol class="comment-list">{items}</ol></section>\n'

    return _cycle(related, most_read, lambda: _ad_script(rng, "lavieeco"), comments)


def _lavieeco_shell(base: str, head: str, main: str, body_class: str) -> str:
    menu = "".join(
        f'<li id="menu-item-{100 + i}" class="menu-term-{3 + i} menu-item menu-item-type-taxonomy menu-item-object-category '
        f'better-anim-fade menu-item-{100 + i}"><a href="{base}/{slug}/">{esc(name)}</a></li>\n'
        for i, (name, slug) in enumerate(LAVIEECO_SECTIONS)
    )
    return f"""<!DOCTYPE html>
<!--[if IE 8]><html class="ie ie8" lang="fr-FR"> <![endif]-->
<!--[if gt IE 9]><!--><html lang="fr-FR"> <!--<![endif]-->
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{head}
<link rel="alternate" type="application/rss+xml" title="La Vie éco &raquo; Flux" href="{base}/feed/" />
<link rel='stylesheet' id='publisher-css' href='{base}/wp-content/themes/publisher/style-7.11.0.min.css?ver=7.11.0' type='text/css' media='all' />
<script type="text/javascript" src="{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
<script>window.googletag = window.googletag || {{cmd: []}};</script>
</head>
<body class="{body_class} wp-theme-publisher bs-theme bs-publisher bs-publisher-clean-magazine ltr page-layout-2-col" dir="ltr">
<div class="main-wrap content-main-wrap">
<header id="header" class="site-header header-style-2 boxed" itemscope="itemscope" itemtype="https://schema.org/WPHeader">
<div class="header-inner"><div class="content-wrap"><div class="container"><div class="row"><div class="row-height">
<div class="logo-col col-xs-4"><div class="col-inside"><div id="site-branding" class="site-branding"><p id="site-title" class="logo h1 img-logo"><a href="{base}/" itemprop="url" rel="home">
<img id="site-logo" src="https://www.lavieeco.com/wp-content/uploads/2020/06/logo-lavieeco.png" alt="La Vie éco"/><span class="site-title">La Vie éco - </span></a></p></div></div></div>
</div></div></div></div></div>
<div id="menu-main" class="menu main-menu-wrapper" role="navigation"><div class="main-menu-inner"><div class="content-wrap"><div class="container"><nav class="main-menu-container">
<ul id="main-navigation" class="main-menu menu bsm-pure clearfix">
<li class="menu-item menu-item-home"><a href="{base}/">Accueil</a></li>
{menu}</ul>
<div class="search-container close"><div class="search-box clearfix"><form role="search" method="get" class="search-form clearfix" action="{base}"><input type="search" class="search-field" placeholder="Rechercher..." value="" name="s"><input type="submit" class="search-submit" value="Rechercher"></form></div></div>
</nav></div></div></div></div>
</header>
<div class="content-wrap">
<main id="content" class="content-container">
<div class="container layout-2-col layout-2-col-1 layout-right-sidebar post-template-1">
<div class="row main-section">
{main}
<div class="col-sm-4 sidebar-column sidebar-column-primary"><aside id="sidebar-primary-sidebar" class="sidebar" role="complementary">
<div id="bsads-2" class="h-ni w-nt primary-sidebar-widget widget widget_bsads"><div id="div-gpt-ad-lve-sidebar-300" class="ayxnmo-container ayxnmo-type-code"><script>googletag.cmd.push(function() {{ googletag.display('div-gpt-ad-lve-sidebar-300'); }});</script></div></div>
<!--furniture-->
</aside></div>
</div></div>
</main>
</div>
<footer id="site-footer" class="site-footer full-width">
<div class="footer-widgets light-text"><div class="content-wrap"><div class="container"><div class="row">
<div class="col-sm-4"><p>La Vie éco, l'hebdomadaire de l'économie et de la société marocaines depuis 1957.</p></div>
<div class="col-sm-4"><ul id="menu-footer" class="menu">{menu}</ul></div>
<div class="col-sm-4"><p>70, boulevard Massira Al Khadra, Casablanca</p></div>
</div></div></div></div>
<div class="copy-footer"><div class="content-wrap"><div class="container"><div class="row footer-copy-row"><div class="copy-1 col-lg-6">© 2025 - La Vie éco. Tous droits réservés.</div></div></div></div></div>
</footer>
</div>
<script type="text/javascript" async="async" src="{base}/wp-content/bs-booster-cache/9f1e2d0c7a3b.js?ver=6.8.3"></script>
</body>
</html>
"""


def lavieeco_page(post: Post, others: list[Post], port: int, rng: random.Random) -> str:
    url = post.url(port)
    base = f"http://{post.host}:{port}"
    local = post.published.astimezone(CASABLANCA)
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": f"{url}#article",
                "isPartOf": {"@id": url},
                "author": {"name": post.byline, "@id": f"{base}/#/schema/person/{post.id:x}"},
                "headline": post.title,
                "datePublished": post.published.isoformat(),
                "dateModified": post.modified.isoformat(),
                "mainEntityOfPage": {"@id": url},
                "publisher": {"@id": f"{base}/#organization"},
                "image": {"@id": f"{url}#primaryimage"},
                "thumbnailUrl": post.image,
                "keywords": post.tags,
                "articleSection": [post.section],
                "inLanguage": "fr-FR",
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": f"{post.title} - La Vie éco",
                "description": post.lead,
                "datePublished": post.published.isoformat(),
                "inLanguage": "fr-FR",
            },
            {
                "@type": "ImageObject",
                "@id": f"{url}#primaryimage",
                "url": post.image,
                "contentUrl": post.image,
                "width": 1200,
                "height": 675,
            },
            {"@type": "Organization", "@id": f"{base}/#organization", "name": "La Vie éco", "url": f"{base}/"},
            {"@type": "Person", "@id": f"{base}/#/schema/person/{post.id:x}", "name": post.byline},
        ],
    }
    head = f"""<title>{esc(post.title)} - La Vie éco</title>
<!-- This site is optimized with the Yoast SEO plugin v25.9 - https://yoast.com/product/yoast-seo-wordpress/ -->
<meta name="description" content="{esc(post.lead)}" />
<link rel="canonical" href="{url}" />
<meta property="og:locale" content="fr_FR" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(post.title)}" />
<meta property="og:description" content="{esc(post.lead)}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="La Vie éco" />
<meta property="article:published_time" content="{post.published.isoformat()}" />
<meta property="article:modified_time" content="{post.modified.isoformat()}" />
<meta property="og:image" content="{post.image}" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:label1" content="Écrit par" />
<meta name="twitter:data1" content="{esc(post.byline)}" />
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False).replace("/", chr(92) + "/")}</script>
<!-- / Yoast SEO plugin. -->
<link rel='shortlink' href='{base}/?p={post.id}' />"""
    paragraphs = [f"<p>{esc(p)}</p>" for p in post.paragraphs]
    paragraphs.insert(
        2,
        '<div class="bsac bsac-clearfix bsac-post-inline"><div class="bsac-container bsac-type-code"><div class="bsac-caption">Publicité</div>'
        "<div id=\"div-gpt-ad-lve-inread-1\"><script>googletag.cmd.push(function() { googletag.display('div-gpt-ad-lve-inread-1'); });</script></div></div></div>",
    )
    other = rng.choice(others)
    tags = "\n".join(f'<a href="{base}/tag/{fr_slug(t)}/" rel="tag">{esc(t)}</a>' for t in post.tags)
    main = f"""<div class="col-sm-8 content-column">
<div class="single-container">
<article id="post-{post.id}" class="post-{post.id} post type-post status-publish format-standard has-post-thumbnail category-{post.section_slug} single-post-content">
<div class="post-header post-tp-1-header">
<nav role="navigation" aria-label="Breadcrumbs" class="bf-breadcrumb clearfix bc-top-style"><ul class="bf-breadcrumb-items"><li class="bf-breadcrumb-item bf-breadcrumb-begin"><a href="{base}/" rel="home"><span>Accueil</span></a></li><li class="bf-breadcrumb-item"><a href="{base}/{post.section_slug}/"><span>{esc(post.section)}</span></a></li><li class="bf-breadcrumb-item bf-breadcrumb-end"><span>{esc(post.title)}</span></li></ul></nav>
<div class="term-badges floated"><span class="term-badge term-4"><a href="{base}/{post.section_slug}/">{esc(post.section)}</a></span></div>
<h1 class="single-post-title"><span class="post-title" itemprop="headline">{esc(post.title)}</span></h1>
<div class="post-meta-wrap clearfix"><div class="post-meta single-post-meta">
<a href="{base}/author/{fr_slug(post.byline)}/" title="Parcourir les articles de l'auteur" class="post-author-a post-author-avatar"><img alt='' data-src='https://secure.gravatar.com/avatar/{post.id:x}?s=26&#038;d=mm' class='avatar avatar-26 photo' height='26' width='26' /><span class="post-author-name">Par <b>{esc(post.byline)}</b></span></a>
<span class="time"><time class="post-published updated" datetime="{local.isoformat()}">Publié le <b>{fr_date(local)}</b></time></span>
</div></div>
<div class="single-featured"><a class="post-thumbnail open-lightbox" href="{post.image}"><img width="750" height="422" alt="" data-src="{post.image}"></a></div>
</div>
<div class="post-share single-post-share top-share clearfix style-1"><div class="share-handler-wrap "><a href="https://www.facebook.com/sharer.php?u={quote(url, safe="")}" target="_blank" rel="nofollow noreferrer" class="bs-button-el"><span class="social-item facebook"><i class="bf-icon fa fa-facebook"></i></span></a><a href="https://twitter.com/share?url={quote(url, safe="")}" target="_blank" rel="nofollow noreferrer" class="bs-button-el"><span class="social-item twitter"><i class="bf-icon fa fa-twitter"></i></span></a></div></div>
<div class="entry-content clearfix single-post-content">
{chr(10).join(paragraphs)}
</div>
<div class="entry-terms post-tags clearfix "><span class="terms-label"><i class="fa fa-tags"></i></span>
{tags}
</div>
</article>
<section class="next-prev-post clearfix"><div class="prev-post"><p class="pre-title heading-typo">Article précédent</p><p class="title heading-typo"><a href="{other.url(port)}" rel="prev">{esc(other.title)}</a></p></div></section>
</div>
</div><!-- .content-column -->"""
    page = _lavieeco_shell(base, head, main, "wp-singular single single-post")
    return _padded(page, "<!--furniture-->", _lavieeco_furniture(rng, post, others, port))


def lavieeco_listing(
    section: tuple[str, str],
    posts: list[Post],
    page_no: int,
    last: int,
    port: int,
    rng: random.Random,
    others: list[Post],
) -> str:
    name, slug = section
    base = f"http://www.lavieeco.test:{port}"
    items = []
    if page_no == 1:  # a video post heads the first page, as on the recorded Economie listing: not an article
        items.append(
            (
                "Vidéo. " + name + " : l'essentiel de la semaine en trois minutes",
                f"{base}/videos/{slug}-l-essentiel-de-la-semaine/",
                "La Vie éco",
                posts[0].published,
                "Vidéo",
            )
        )
    items += [(p.title, p.url(port), p.byline, p.published, p.lead) for p in posts]
    articles = "".join(
        f"""<article class="type-post format-standard has-post-thumbnail listing-item listing-item-blog listing-item-blog-5 bsw-8 ">
<div class="item-inner clearfix">
<div class="featured clearfix"><div class="term-badges floated"><span class="term-badge"><a href="{base}/{slug}/">{esc(name)}</a></span></div>
<a alt="{esc(t)}" title="{esc(t)}" data-src="https://www.lavieeco.com/wp-content/uploads/thumb-{i}-357x210.jpg" class="img-holder" href="{u}"></a></div>
<h2 class="title"><a href="{u}" class="post-url post-title">{esc(t)}</a></h2>
<div class="post-meta"><a href="{base}/author/{fr_slug(b)}/" class="post-author-a"><i class="post-author author">{esc(b)}</i></a>
<span class="time"><time class="post-published updated" datetime="{d.astimezone(CASABLANCA).isoformat()}">{fr_date(d.astimezone(CASABLANCA))}</time></span></div>
<div class="post-summary">{esc(lead[:160])}&hellip;</div>
</div>
</article>
"""
        for i, (t, u, b, d, lead) in enumerate(items)
    )
    pages = "".join(
        f'<a class="page-numbers" href="{base}/{slug}/page/{n}/">{n}</a>\n'
        for n in range(max(1, page_no - 2), min(last, page_no + 2) + 1)
        if n != page_no
    )
    nav = (
        f'<a class="next page-numbers" href="{base}/{slug}/page/{page_no + 1}/">Suivant <i class="fa fa-angle-right"></i></a>'
        if page_no < last
        else ""
    )
    main = f"""<div class="col-sm-8 content-column">
<section class="archive-title category-title with-action"><div class="pre-title"><span>Parcourir la catégorie</span></div><h1 class="page-heading"><span class="h-title">{esc(name)}</span></h1></section>
<div class="listing listing-blog listing-blog-5 clearfix ">
{articles}</div>
<div class="pagination bs-numbered-pagination" itemscope="itemscope"><span aria-current="page" class="page-numbers current">{page_no}</span>
{pages}{nav}</div>
</div><!-- .content-column -->"""
    head = f'<title>{esc(name)} - Page {page_no} - La Vie éco</title>\n<link rel="canonical" href="{base}/{slug}/" />'
    page = _lavieeco_shell(base, head, main, "archive category")
    return _padded(page, "<!--furniture-->", _lavieeco_furniture(rng, None, others, port))


def _yabiladi_furniture(rng, post: Post, others: list[Post], port: int):
    fr = post.language == "fr"

    def linked():
        items = "".join(
            f'<div class="all_news_wrap news_ln_2 news_theme_1"><div class="posts_text"><a href="{o.path}" class="post-link" target="">'
            f'<h2 class="post-title">{esc(o.title)}</h2></a></div></div>\n'
            for o in rng.sample(others, 3)
        )
        return f'<div class="articles_lies"><h3 class="block_title">{"Articles liés" if fr else "مقالات ذات صلة"}</h3>\n{items}</div>\n'

    def fil_info():
        items = "".join(
            f'<div class="item"><time>{o.published.astimezone(CASABLANCA):%HH%M}</time><a href="{o.path}">{esc(o.title)}</a></div>\n'
            for o in rng.sample(others, 5)
        )
        return f'<div class="fil_info"><h3 class="block_title">{"Fil Info" if fr else "آخر الأخبار"}</h3><div class="bullet-list">\n{items}</div></div>\n'

    def comments():
        items = "".join(
            f'<div class="comment"><span class="comment_author">{esc(rng.choice(FR_AUTHORS if fr else AR_AUTHORS).split()[0])}_{rng.randint(1, 99)}</span>'
            f'<p class="comment_text">{esc(rng.choice(FR_COMMENTS if fr else AR_COMMENTS))}</p></div>\n'
            for _ in range(4)
        )
        return f'<div class="comments_block"><h3 class="block_title">{"Commentaires" if fr else "تعليقات"}</h3>\n{items}</div>\n'

    return _cycle(linked, fil_info, lambda: _ad_script(rng, "yabiladi"), comments)


def yabiladi_page(post: Post, others: list[Post], port: int, rng: random.Random) -> str:
    fr = post.language == "fr"
    url = post.url(port)
    local = post.published.astimezone(CASABLANCA)
    links = [
        f'<a title="{"Tous les articles de" if fr else "جميع مقالات"} {esc(a)}" href="/articles/auteur/{len(a) * 7}/{quote(a.replace(" ", "-"))}.html">{esc(a)}</a>'
        for a in post.authors
    ]
    byline = ("Par " + " et ".join(links)) if fr else ("بواسطة " + " و".join(links))
    date_line = (
        f"Publié le {local:%d/%m/%Y} à {local:%H}h{local:%M}"
        if fr
        else f"نشر في {local:%d/%m/%Y} على {local:%H}h{local:%M}"
    )
    section_href = f"/articles/categorie/{post.section_slug}/{quote(post.section)}.html"
    body = [f"<p>{esc(p)}</p>" for p in post.paragraphs]
    other = rng.choice(others)
    body.insert(
        2,
        f'<div class="related_article"><span class="related_title">{"Lire aussi" if fr else "اقرأ أيضا"}</span>'
        f'<a href="{other.path}" class="post-link">{esc(other.title)}</a></div>\n<div class="pub_article"><div id=\'div-gpt-ad-1327593396147-9\'>'
        f"<script type='text/javascript'>googletag.cmd.push(function() {{ googletag.display('div-gpt-ad-1327593396147-9'); }});</script></div>"
        f'<span class="pub_label">Publicité</span></div>',
    )
    tags = " ".join(
        f'<a class="tag_art" href="/articles/tagged/{len(t) * 13}/{quote(t)}.html">{esc(t)}</a>' for t in post.tags
    )
    share = "".join(
        f'<a class="share_{k}" target="_blank" rel="nofollow" href="{h}{quote(url, safe="")}">{n}</a>\n'
        for k, h, n in (
            ("fb", "https://www.facebook.com/sharer/sharer.php?u=", "Facebook"),
            ("tw", "https://twitter.com/intent/tweet?url=", "Twitter"),
            ("wa", "whatsapp://send?text=", "WhatsApp"),
        )
    )
    menu = "".join(
        f'<li id="me_{i}" class="dd_child"><a href="/articles/categorie/{sid}/{quote(name)}.html" title="{esc(name)}">{esc(name)}</a></li>\n'
        for i, (name, sid) in enumerate(YABILADI_SECTIONS[post.language])
    )
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="{post.language}" xml:lang="{post.language}"{"" if fr else ' dir="rtl"'}>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(post.title)} - Yabiladi.com</title>
<meta property="fb:app_id" content="411945775673543" />
<link href="{url}" rel="canonical" />
<meta name="description" content="{esc(post.lead)}" />
<meta http-equiv="Content-Language" content="{post.language}" />
<meta property="og:site_name" content="Yabiladi.com" />
<meta property="og:type" content="article" />
<meta property="og:url" content="{url}" />
<meta property="og:title" content="{esc(post.title)}" />
<meta property="og:description" content="{esc(post.lead)}" />
<meta property="og:image" content="{post.image}" />
<meta property="article:published_time" content="{local.isoformat()}" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:title" content="{esc(post.title)}" />
<script data-cfasync="false" type='text/javascript'>var staticUrl = "https://static.yabiladi.com";</script>
<meta name="viewport" content="width=device-width, user-scalable=1, maximum-scale=1" />
<link href="http://{post.host}:{port}/rss/rss.xml" type="application/rss+xml" rel="alternate" title="Les derniers articles" />
<link type='text/css' rel='stylesheet' href='https://static.yabiladi.com/build/css/front_new_{post.language}.min.css?v=2025061' />
<script src="//code.jquery.com/jquery-1.9.1.min.js"></script>
<script type='text/javascript'>
	var $j = jQuery.noConflict();
	var langue = "{post.language}";
	var article_id = {post.id};
</script>
</head>
<body onload="checkUrl();">
{_ad_script(rng, "yabiladi")}
<nav id="layermenu" class="layer-gauche"><div id="menuprincipal"><ul id="blocmenuprincipal">
<li id="me_0"><div id="search_area"><form action="/articles/search/" id="header-search-form" method="get" accept-charset="utf-8"><input name="words" value="" id="SearchW" size="25" type="text" /></form></div></li>
<li id="me_1"><a href="/articles/" title="News" class="childr dochild">News</a><ul class="sousmenuprincipal">
{menu}</ul></li>
<li id="me_2"><a href="/forum/" title="Forum" class="childr dochild">Forum</a></li>
<li id="me_3"><a href="/mediatic/" title="Vidéos" class="childr dochild">Vidéos</a></li>
</ul></div></nav>
<header><div class="header_shadow"><div class="header22">
<div class="logo"><a href="/" id="logo_link"><img src="https://static.yabiladi.com/images_new/logo_2_yab.png?2" width="270" /></a></div>
</div></div></header>
<div class="linu">
<div class="pub_header"><div id='div-gpt-ad-1327593396147-0'><script type='text/javascript'>googletag.cmd.push(function() {{ googletag.display('div-gpt-ad-1327593396147-0'); }});</script></div></div>
<div id="container_article" class="article_page">
<div class="col_left">
<div class="breadcrumb_art"><a href="/">Accueil</a> &gt; <a href="/articles/">News</a> &gt; <a href="{section_href}">{esc(post.section)}</a></div>
<div class="article_head">
<div class="wrap_topic">
<span class="topic site_theme_1">
<a href="{section_href}" class="tag">{esc(post.section)}</a>
</span>
</div>
<h1 class="post-title">{esc(post.title)}</h1>
<div class="social-tool">
<span class="item">
<span class="text">
{date_line}</span>
</span>
<span class="item js-anchor">
<span class="text">{byline}</span>
</span>
<span class="item item_comments">
<span class="text"><a href="#comments">4 {"commentaires" if fr else "تعليقات"}</a></span>
</span>
</div>
<p class="post-hat">{esc(post.lead)}</p>
</div>
<div class="share_bar">
{share}<span class="share_label">Partager</span>
</div>
<div class="article_img">
<img src="{post.image}" alt="{esc(post.title)}" width="660" height="440" />
<span class="legende">{esc(post.extra["caption"])}</span>
<span class="credit">{post.extra["credit"]}</span>
</div>
<div id="article_body" class="article_body">
{chr(10).join(body)}
</div>
<div class="article_tags">
<span class="tags_label">{"Mots-clés :" if fr else "كلمات مفاتيح:"}</span>
{tags}
</div>
<div class="share_bar share_bottom">
{share}</div>
<!--furniture-->
</div>
<div class="col_right">
<div class="pave_pub"><div id='div-gpt-ad-1327593396147-1'><script type='text/javascript'>googletag.cmd.push(function() {{ googletag.display('div-gpt-ad-1327593396147-1'); }});</script></div></div>
</div>
</div>
<div class="footer_yabiladi"><div class="footer_inner">
<div class="footer_bootom"><span class="break_this">© Yabiladi.com 2002 - 2025 - tous droits réservés | </span><a title="Mentions légales" href="/pages/29/mentions-legales.html">Mentions légales</a></div></div></div>
</div>
<form id="request"><input type="hidden" value="{_quote_path(post.path)}" name="requestURI" id="requestURI" /></form>
<script type="text/javascript">
  var _gaq = _gaq || [];
  _gaq.push(['_setAccount', 'UA-5688438-1']);
  _gaq.push(['_trackPageview']);
</script>
</body>
</html>
"""
    return _padded(page, "<!--furniture-->", _yabiladi_furniture(rng, post, others, port))


# -- discovery pages -------------------------------------------------------------------------------


def rss(channel_title: str, link: str, language: str, items: list[Post], port: int, utm_every: int = 0) -> str:
    entries = []
    for index, post in enumerate(items):
        url = post.url(port)
        link_url = (
            f"{url}?utm_source=rss&amp;utm_medium=flux&amp;utm_campaign=articles"
            if utm_every and index % utm_every == 3
            else url
        )
        entries.append(f"""	<item>
		<title>{esc(post.title)}</title>
		<link>{link_url}</link>
		<dc:creator><![CDATA[{post.byline or ", ".join(post.authors)}]]></dc:creator>
		<pubDate>{rfc822(post.published, local=post.outlet == "yabiladi")}</pubDate>
		<category><![CDATA[{post.section}]]></category>{"".join(f"<category><![CDATA[{t}]]></category>" for t in post.tags)}
		<guid isPermaLink="false">{link.rstrip("/")}/?p={post.id}</guid>
		<description><![CDATA[{post.lead} [&#8230;]]]></description>
	</item>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel>
	<title>{esc(channel_title)}</title>
	<atom:link href="{link}" rel="self" type="application/rss+xml" />
	<link>{link}</link>
	<description>{esc(channel_title)}</description>
	<lastBuildDate>{rfc822(items[0].published) if items else ""}</lastBuildDate>
	<language>{language}</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
{"".join(entries)}</channel>
</rss>
"""


def wp_posts_page(posts: list[Post], port: int) -> str:
    return json.dumps(
        [
            {
                "id": p.id,
                "date_gmt": p.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                "modified_gmt": p.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                "link": p.url(port),
            }
            for p in posts
        ],
        separators=(",", ":"),
    ).replace("/", "\\/")


def urlset(posts: list[Post], port: int, news: bool = False) -> str:
    rows = []
    for post in posts:
        if news:
            rows.append(
                f"<url>\n\t<loc>{post.url(port)}</loc>\n\t<news:news>\n\t\t<news:publication><news:name>Hespress Français</news:name>"
                f"<news:language>fr</news:language></news:publication>\n\t\t<news:publication_date>"
                f"{post.published.astimezone(CASABLANCA).isoformat()}</news:publication_date>\n\t\t<news:title><![CDATA[{post.title}]]>"
                f"</news:title>\n\t</news:news>\n</url>\n"
            )
        else:
            rows.append(
                f"\t<url>\n\t\t<loc>{post.url(port)}</loc>\n\t\t<lastmod>{post.modified.isoformat()}</lastmod>\n"
                f"\t\t<image:image><image:loc>{post.image}</image:loc></image:image>\n\t</url>\n"
            )
    namespaces = (
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
        ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {namespaces}>\n{"".join(rows)}</urlset>\n<!-- XML Sitemap generated by Yoast SEO -->\n'


# -- the mirror ------------------------------------------------------------------------------------


class Mirror:
    """Writes the pages of one mirror under ``root/site`` and keeps what nginx needs to know."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.site = root / "site"
        self.locations: dict[str, list[str]] = {host: [] for host in HOSTS}  # extra nginx locations per host
        self.files = 0
        self.bytes = 0
        self.article_bytes: list[int] = []

    def write(self, host: str, path: str, content: str, article: bool = False) -> None:
        """A page at URL ``path`` (unquoted); a path ending in / gets index.html (index.xml for feeds)."""
        if path.endswith("/"):
            path += "index.xml" if path.endswith("/feed/") else "index.html"
        target = self.site / host / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        target.write_bytes(data)
        self.files += 1
        self.bytes += len(data)
        if article:
            self.article_bytes.append(len(data))


def _by(posts: list[Post], outlet: str, language: str | None = None) -> list[Post]:
    return [p for p in posts if p.outlet == outlet and (language is None or p.language == language)]


def build(root: Path, articles: int = 5000, port: int = DEFAULT_PORT, seed: int = 2025) -> dict:
    """Generate the whole mirror under ``root``; returns the summary also written to mirror.json."""
    rng = random.Random(seed + 1)
    posts = make_posts(articles, seed)
    mirror = Mirror(root, port)
    discovery_urls: dict[str, list[str]] = {}

    # Hespress: WordPress REST API pages, feeds, French sitemap index (post, category, news sub-sitemaps).
    for language, host in (("fr", "fr.hespress.test"), ("ar", "www.hespress.test")):
        edition = _by(posts, "hespress", language)
        for post in edition:
            mirror.write(host, post.path, hespress_page(post, edition, port, rng), article=True)
        pages = [edition[i : i + HESPRESS_PER_PAGE] for i in range(0, len(edition), HESPRESS_PER_PAGE)]
        for number, chunk in enumerate(pages, 1):
            mirror.write(host, f"/wp-json/wp/v2/posts/page-{number}.json", wp_posts_page(chunk, port))
        mirror.locations[host].append(
            "location = /wp-json/wp/v2/posts {\n"
            f"            add_header X-WP-Total {len(edition)} always;\n"
            f"            add_header X-WP-TotalPages {len(pages)} always;\n"
            "            try_files /wp-json/wp/v2/posts/page-$arg_page.json =404;\n        }"
        )
        title_text = "Hespress Français" if language == "fr" else "هسبريس"
        mirror.write(
            host,
            "/feed",
            rss(title_text, f"http://{host}:{port}", "fr-FR" if language == "fr" else "ar", edition[:FEED_ITEMS], port),
        )
        mirror.locations[host].append("location = /feed {\n            default_type application/rss+xml;\n        }")
    french = _by(posts, "hespress", "fr")
    base = f"http://fr.hespress.test:{port}"
    chunks = [french[i : i + 1000] for i in range(0, len(french), 1000)]  # Yoast: 1,000 URLs a sub-sitemap
    names = [f"post-sitemap{'' if n == 1 else n}.xml" for n in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks, strict=True):
        mirror.write("fr.hespress.test", f"/{name}", urlset(chunk, port))
    mirror.write("fr.hespress.test", "/news-sitemap.xml", urlset(french[:30], port, news=True))
    categories = "".join(f"\t<url><loc>{base}/{slug}</loc></url>\n" for _, slug in HESPRESS_SECTIONS["fr"])
    mirror.write(
        "fr.hespress.test",
        "/category-sitemap.xml",
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{categories}</urlset>\n',
    )
    index = "".join(
        f"\t<sitemap>\n\t\t<loc>{base}/{name}</loc>\n\t\t<lastmod>{french[0].published.isoformat()}</lastmod>\n\t</sitemap>\n"
        for name in [*names, "category-sitemap.xml", "news-sitemap.xml"]
    )
    mirror.write(
        "fr.hespress.test",
        "/sitemap.xml",
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{index}</sitemapindex>\n',
    )

    # La Vie éco: site feed, Affaires feed, paginated category listings (all five categories).
    lavieeco = _by(posts, "lavieeco")
    for post in lavieeco:
        mirror.write(post.host, post.path, lavieeco_page(post, lavieeco, port, rng), article=True)
    lve = f"http://www.lavieeco.test:{port}"
    mirror.write("www.lavieeco.test", "/feed/", rss("La Vie éco", lve, "fr-FR", lavieeco[:FEED_ITEMS], port))
    affaires = [p for p in lavieeco if p.section_slug == "affaires"]
    mirror.write(
        "www.lavieeco.test",
        "/affaires/feed/",
        rss("La Vie éco - Affaires", f"{lve}/affaires/", "fr-FR", affaires[:FEED_ITEMS], port),
    )
    listing_pages = 0
    for section in LAVIEECO_SECTIONS:
        in_section = [p for p in lavieeco if p.section_slug == section[1]]
        chunks = [in_section[i : i + LISTING_PER_PAGE] for i in range(0, len(in_section), LISTING_PER_PAGE)]
        for number, chunk in enumerate(chunks, 1):
            path = f"/{section[1]}/" if number == 1 else f"/{section[1]}/page/{number}/"
            mirror.write(
                "www.lavieeco.test", path, lavieeco_listing(section, chunk, number, len(chunks), port, rng, lavieeco)
            )
            listing_pages += 1
    discovery_urls["lavieeco_listings"] = [f"{lve}/{slug}/" for _, slug in LAVIEECO_SECTIONS]

    # Yabiladi: the French and Arabic RSS feeds list every article (some links carry utm_* parameters).
    for language, host in (("fr", "www.yabiladi.test"), ("ar", "ar.yabiladi.test")):
        edition = _by(posts, "yabiladi", language)
        for post in edition:
            mirror.write(host, post.path, yabiladi_page(post, edition, port, rng), article=True)
        title_text = "Yabiladi.com - Les derniers articles" if language == "fr" else "يابلادي - آخر المقالات"
        mirror.write(
            host, "/rss/rss.xml", rss(title_text, f"http://{host}:{port}/", language, edition, port, utm_every=10)
        )

    configs = write_configs(root / "spiders_config", port, discovery_urls)
    sizes = sorted(mirror.article_bytes)
    summary = {
        "port": port,
        "hosts": HOSTS,
        "articles": len(posts),
        "articles_by_outlet": {slug: len(_by(posts, slug)) for slug in OUTLETS},
        "article_urls": [p.url(port) for p in posts],
        "article_kb": {
            "min": round(sizes[0] / 1000, 1),
            "median": round(sizes[len(sizes) // 2] / 1000, 1),
            "max": round(sizes[-1] / 1000, 1),
        },
        "files": mirror.files,
        "megabytes": round(mirror.bytes / 1e6, 1),
        "lavieeco_listing_pages": listing_pages,
        "configs": configs,
    }
    (root / "nginx.conf").write_text(nginx_conf(mirror), encoding="utf-8")
    (root / "mirror.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def nginx_conf(mirror: Mirror) -> str:
    run = mirror.root / "nginx"
    (run / "tmp").mkdir(parents=True, exist_ok=True)
    servers = []
    for host, address in HOSTS.items():
        extra = "\n        ".join(mirror.locations[host])
        servers.append(f"""    server {{
        listen {address}:{mirror.port};
        server_name {host};
        root {mirror.site / host};
        index index.html index.xml;
        {extra}
    }}""")
    temp = "".join(
        f"    {name}_temp_path {run / 'tmp' / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Benchmark mirror (bench/make_site.py): static pages on 127.0.0.2-4 only.
worker_processes 1;
daemon off;
pid {run / "nginx.pid"};
error_log {run / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; application/rss+xml xml; application/json json; text/plain txt; }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/html application/rss+xml text/plain application/json;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
{temp}{chr(10).join(servers)}
}}
"""


def write_configs(folder: Path, port: int, discovery_urls: dict[str, list[str]]) -> list[str]:
    """The three outlets' configs with domains, discovery URLs and URL pattern moved to the mirror."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, (real, mirror_domain, _) in OUTLETS.items():
        raw = read_config(REPO / "spiders_config" / f"{slug}.yml")  # archetype merged in
        raw.pop("extends", None)
        raw["domains"] = [d.replace(real, mirror_domain) for d in raw["domains"]]
        raw["article_url_pattern"] = raw["article_url_pattern"].replace(
            re.escape(real), re.escape(mirror_domain) + r"(?::\d+)?"
        )
        for source in raw["discovery"]:
            moved = rf"http://\g<1>{mirror_domain}:{port}"
            source["urls"] = [re.sub(r"^https://([^/]*)" + re.escape(real), moved, url) for url in source["urls"]]
            if slug == "hespress" and source["type"] == "wordpress_api":
                source["per_page"] = HESPRESS_PER_PAGE
            if slug == "lavieeco" and source["type"] == "listing":
                source["urls"] = discovery_urls["lavieeco_listings"]
        raw["status_note"] = f"benchmark mirror of spiders_config/{slug}.yml"
        path = folder / f"{slug}.yml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        load_outlet(path)  # the registry's own validation
        written.append(str(path))
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="output folder (created; must be empty)")
    parser.add_argument("--articles", type=int, default=5000, help="article pages (default: 5000)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"nginx port on 127.0.0.2-4 (default: {DEFAULT_PORT})"
    )
    args = parser.parse_args()
    if args.root.exists() and any(args.root.iterdir()):
        parser.error(f"{args.root} is not empty")
    summary = build(args.root, args.articles, args.port)
    print(
        f"mirror: {summary['articles']} article pages {summary['articles_by_outlet']}, "
        f"article page KB min/median/max {summary['article_kb']['min']}/{summary['article_kb']['median']}/{summary['article_kb']['max']}, "
        f"{summary['files']} files, {summary['megabytes']} MB in {args.root}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
