"""Labelled pairs for the watchlist matcher (issue 20, tests/perf/screening.py): a customer and a
listed subject, whether they are the same person or company, and what makes them differ.

Built deterministically (``SEED``) from name material as it occurs in customer files and lists:

- Russian and Ukrainian names written in Cyrillic and put into Latin letters by the systems that
  actually meet in a bank: BGN/PCGN and the press's simplified form (lists), ICAO 9303 (Russian
  passports since 2013), the 1997 passport rules, German (Duden) and French spellings (documents
  issued there), Ukraine's 2010 official system and Russian-style readings of Ukrainian spelling;
- Arabic names as ism + nasab + nisba, each part with the spellings lists and passports use
  (Muhammad / Mohammed / Mohamed, Abd al-Rahman / Abdul Rahman / Abdulrahman, al-Tamimi / Al
  Tamimi / Altamimi), and "bin" in Gulf names;
- Chinese names in pinyin and Wade–Giles, family name first (lists) or last (European forms),
  given names joined, hyphenated or split;
- German, French, Spanish (two surnames), Polish and English names with their diacritics,
  compound given names, middle names;
- companies of Russia, Germany, Poland, France, Spain, the UK, the US, the UAE, China, Hong Kong,
  Cyprus, Turkey, Italy and the Netherlands with their legal forms, abbreviated or spelled out.

A list writes a name its own way ("Ivan Petrovich SIDOROV", "IVAN PETROVICH SIDOROV", "SIDOROV,
Ivan Petrovich"); a customer is what ``screening.subjects.customer_subject`` makes of the
customer's fields (the full name, and first + last name when there are middle names). Birth dates
and nationalities are present on the shares lists and customer files have them: a listed person
has a whole date (60 %), a year (15 %), a date and another year (5 %) or none; a customer has a
date (92 %) and a nationality (95 %), sometimes another than the list's (a second citizenship). A
same-person pair keeps the odd data error (a day and month swapped, a list's approximate year).

Positive categories (same person or company): ``transliteration``, ``cyrillic`` (one side in
Cyrillic), ``order`` (swapped fields, "LAST, First", family name first), ``initials``,
``missing_middle`` (patronymic, middle names, nasab, second surname on one side only), ``typo``,
``accents`` (diacritics dropped or spelled out: ü → ue, ß → ss), ``title``, ``legal_form`` and
``combined`` (two of these at once, as real matches often are). Hard negatives (another person or
company): ``neg_same_surname`` (relatives), ``neg_same_given``, ``neg_company`` (a similar company
of another name) and ``neg_namesake`` (the same name, another birth date or nationality).

The set is written as variants occur, not tuned to the matcher: it was generated once and its
figures are what tests/perf/screening.py prints.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from screening.matching import Subject
from screening.records import ORGANISATION, PERSON

SEED = 20

POSITIVE_COUNTS = {
    "transliteration": 48,
    "cyrillic": 24,
    "order": 30,
    "initials": 24,
    "missing_middle": 30,
    "typo": 36,
    "accents": 24,
    "title": 18,
    "legal_form": 36,
    "combined": 24,
}
NEGATIVE_COUNTS = {"neg_same_surname": 40, "neg_same_given": 32, "neg_company": 40, "neg_namesake": 30}


@dataclass(frozen=True)
class Pair:
    customer: Subject
    listed: Subject
    same: bool
    category: str
    origin: str  # ru, ua, ar, zh, de, fr, es, pl, en, or "org-<country>"


# --- Cyrillic into Latin letters ------------------------------------------------------------

_VOWELS = set("аеёиоуыэюяіїє")
_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "'": "", "’": "",
}  # fmt: skip


@dataclass(frozen=True)
class System:
    """A romanisation: letters, a letter's form at the start of a word or after a vowel, the
    endings written otherwise ("ий" → "y"), and the German / French "s" doubled between vowels."""

    letters: dict
    initial: dict = field(default_factory=dict)
    endings: dict = field(default_factory=dict)
    double_s: bool = False
    before_soft: dict = field(default_factory=dict)  # a letter before е, и, ы (French "gu")
    ks: str = "ks"


SYSTEMS = {
    # BGN/PCGN without its apostrophes: the lists' usual spelling (Yevgeniy, Yuriy, Solovyov).
    "bgn": System({**_BASE, "ё": "yo"}, {"е": "ye", "ё": "yo"}, {"ий": "iy", "ый": "yy"}),
    # The press's simplified BGN (Yevgeny, Yury, Dmitry).
    "common": System({**_BASE, "ё": "yo"}, {"е": "ye", "ё": "yo"}, {"ий": "y", "ый": "y"}),
    # ICAO 9303, Russian passports since 2013 (Iurii, Dmitrii, Natalia, Aleksei).
    "icao": System({**_BASE, "й": "i", "ю": "iu", "я": "ia", "ъ": "ie"}),
    # Russian passports 1997–2010 (Yuriy, Sergey, Natalya).
    "mvd": System(dict(_BASE), {}, {"ий": "iy"}),
    # German (Duden): documents issued in Germany (Jewgeni, Juri, Schtscherbakow).
    "german": System(
        {
            **_BASE, "в": "w", "ж": "sch", "з": "s", "й": "i", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
            "щ": "schtsch", "ю": "ju", "я": "ja", "ё": "jo", "э": "e",
        },
        {"е": "je", "ё": "jo"},
        {"ий": "i", "ый": "y"},
        double_s=True,
        ks="x",
    ),  # fmt: skip
    # French: documents issued in France (Evgueni, Iouri, Chtcherbakov).
    "french": System(
        {
            **_BASE, "ж": "j", "й": "i", "у": "ou", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ю": "iou",
            "я": "ia", "ё": "io",
        },
        {},
        {"ий": "i", "ый": "y"},
        double_s=True,
        before_soft={"г": "gu"},
    ),  # fmt: skip
    # Ukraine's official system (2010): Oleksandr, Serhii, Andrii, Yuliia.
    "ua_official": System(
        {**_BASE, "г": "h", "и": "y", "є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"},
        {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    ),
    # Before 2010 and in the press: Serhiy, Andriy, Yuliya.
    "ua_common": System({**_BASE, "г": "h", "и": "y", "ї": "yi"}, {}, {"ій": "iy"}),
    # A Russian-speaking clerk reading Ukrainian spelling: Sergiy, Volodimir, Melnik.
    "ua_russian": System({**_BASE, "и": "i", "ї": "yi"}, {"е": "ye"}, {"ій": "iy"}),
    # German spelling of Ukrainian names: Wolodymyr, Serhij, Schewtschenko.
    "ua_german": System(
        {
            **_BASE, "г": "h", "в": "w", "ж": "sch", "з": "s", "и": "y", "й": "j", "х": "ch", "ц": "z", "ч": "tsch",
            "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja", "є": "je", "ї": "ji",
        },
        {},
        {"ій": "ij"},
    ),  # fmt: skip
}


def romanise(text: str, system: str) -> str:
    rules = SYSTEMS[system]
    out = []
    for word in text.split(" "):
        out.append(_romanise_word(word, rules))
    return " ".join(out)


def _romanise_word(word: str, rules: System) -> str:
    lower = word.lower()
    result = []
    i = 0
    while i < len(lower):
        char = lower[i]
        rest = lower[i:]
        ending = next((end for end in rules.endings if rest == end), None)
        if ending is not None:
            result.append(rules.endings[ending])
            break
        if rest.startswith("кс") and rules.ks != "ks":
            result.append(rules.ks)
            i += 2
            continue
        previous = lower[i - 1] if i else ""
        following = lower[i + 1] if i + 1 < len(lower) else ""
        if char in rules.initial and (not previous or previous in _VOWELS or previous in "ъь"):
            latin = rules.initial[char]
        elif char in rules.before_soft and following in "еиы":
            latin = rules.before_soft[char]
        elif char == "с" and rules.double_s and previous in _VOWELS and following in _VOWELS:
            latin = "ss"
        else:
            latin = rules.letters.get(char, char)
        result.append(latin)
        i += 1
    latin = "".join(result)
    if word[:1].isupper():
        latin = latin[:1].upper() + latin[1:]
    if word.isupper() and len(word) > 1:
        latin = latin.upper()
    return latin


# --- Name material ----------------------------------------------------------------------------

RU_MALE = (
    "Александр Алексей Андрей Аркадий Борис Вадим Валерий Василий Виктор Владимир Вячеслав Геннадий "
    "Георгий Григорий Дмитрий Евгений Игорь Илья Кирилл Константин Леонид Максим Михаил Николай Олег "
    "Павел Пётр Роман Сергей Станислав Юрий Фёдор Анатолий Тимур Артём Эдуард"
).split()
RU_FEMALE = (
    "Анна Валентина Галина Екатерина Елена Ирина Ксения Людмила Марина Мария Наталья Ольга Светлана "
    "Татьяна Юлия Евгения Дарья Алёна Наталия Юлиана"
).split()
RU_PATRONYMICS = {
    "Александр": ("Александрович", "Александровна"),
    "Алексей": ("Алексеевич", "Алексеевна"),
    "Андрей": ("Андреевич", "Андреевна"),
    "Борис": ("Борисович", "Борисовна"),
    "Виктор": ("Викторович", "Викторовна"),
    "Владимир": ("Владимирович", "Владимировна"),
    "Геннадий": ("Геннадьевич", "Геннадьевна"),
    "Григорий": ("Григорьевич", "Григорьевна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Игорь": ("Игоревич", "Игоревна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Николай": ("Николаевич", "Николаевна"),
    "Олег": ("Олегович", "Олеговна"),
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Сергей": ("Сергеевич", "Сергеевна"),
    "Юрий": ("Юрьевич", "Юрьевна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"),
    "Анатолий": ("Анатольевич", "Анатольевна"),
    "Василий": ("Васильевич", "Васильевна"),
    "Валерий": ("Валерьевич", "Валерьевна"),
}
RU_SURNAMES = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
    "Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Фролов Журавлёв "
    "Щербаков Жуков Хрущёв Чернышёв Шувалов Юсупов Царёв Дерябин Ткачёв Шестаков Гаврилов Потанин "
    "Усманов Ротенберг Абрамович Черкасов Железняк Горбунов Белоусов Высоцкий Каменский Тимченко "
    "Ковальчук Дерипаска Сечин Чемезов Шойгу Миллер Евтушенков"
).split()
UA_MALE = "Олександр Володимир Сергій Андрій Олексій Микола Юрій Дмитро Михайло Віктор Євген Григорій Петро Василь Богдан Тарас Ігор Олег Павло Іван".split()  # noqa: E501
UA_FEMALE = "Олена Наталія Тетяна Юлія Оксана Ірина Світлана Ганна Людмила Марія".split()
UA_PATRONYMICS = {
    "Олександр": ("Олександрович", "Олександрівна"),
    "Володимир": ("Володимирович", "Володимирівна"),
    "Сергій": ("Сергійович", "Сергіївна"),
    "Андрій": ("Андрійович", "Андріївна"),
    "Микола": ("Миколайович", "Миколаївна"),
    "Юрій": ("Юрійович", "Юріївна"),
    "Петро": ("Петрович", "Петрівна"),
    "Василь": ("Васильович", "Василівна"),
    "Іван": ("Іванович", "Іванівна"),
    "Віктор": ("Вікторович", "Вікторівна"),
    "Михайло": ("Михайлович", "Михайлівна"),
}
UA_SURNAMES = (
    "Шевченко Ткаченко Бондаренко Коваленко Кравченко Олійник Мельник Шевчук Коваль Бойко Ткачук Кравчук "
    "Поліщук Лисенко Руденко Савченко Мороз Марченко Кузьменко Литвиненко Клименко Гончаренко Павленко "
    "Яценко Захарченко Янукович Азаров Медведчук Фірташ Коломойський Тимошенко Гриценко Ярошенко Дубинський"
).split()
# The Russian form of a Ukrainian given name (the same person in a Russian document).
UA_TO_RU_GIVEN = {
    "Олександр": "Александр", "Володимир": "Владимир", "Сергій": "Сергей", "Андрій": "Андрей", "Олексій": "Алексей",
    "Микола": "Николай", "Юрій": "Юрий", "Дмитро": "Дмитрий", "Михайло": "Михаил", "Віктор": "Виктор",
    "Євген": "Евгений", "Григорій": "Григорий", "Петро": "Пётр", "Василь": "Василий", "Іван": "Иван",
    "Олена": "Елена", "Наталія": "Наталья", "Тетяна": "Татьяна", "Юлія": "Юлия", "Ірина": "Ирина",
    "Світлана": "Светлана", "Ганна": "Анна", "Марія": "Мария", "Богдан": "Богдан", "Тарас": "Тарас",
    "Ігор": "Игорь", "Олег": "Олег", "Павло": "Павел", "Оксана": "Оксана", "Людмила": "Людмила",
}  # fmt: skip

# Arabic name parts: the Arabic script, then the Latin spellings met in lists and passports (the
# first is the one lists use most: OFAC's and the UN's).
AR_GIVEN = {
    "muhammad": ("محمد", "Muhammad", "Mohammed", "Mohammad", "Mohamed", "Muhammed", "Mohamad"),
    "ahmad": ("أحمد", "Ahmad", "Ahmed"),
    "ali": ("علي", "Ali"),
    "hasan": ("حسن", "Hasan", "Hassan"),
    "husayn": ("حسين", "Husayn", "Hussein", "Husain", "Hussain", "Hossein"),
    "khalid": ("خالد", "Khalid", "Khaled"),
    "yusuf": ("يوسف", "Yusuf", "Youssef", "Yousef", "Yousif"),
    "ibrahim": ("إبراهيم", "Ibrahim", "Ebrahim", "Ibraheem"),
    "mahmud": ("محمود", "Mahmud", "Mahmoud", "Mahmood"),
    "mustafa": ("مصطفى", "Mustafa", "Moustafa", "Mostafa", "Mustapha"),
    "umar": ("عمر", "Umar", "Omar"),
    "usama": ("أسامة", "Usama", "Osama", "Oussama"),
    "said": ("سعيد", "Said", "Saeed", "Saied"),
    "jamal": ("جمال", "Jamal", "Gamal", "Djamel"),
    "tariq": ("طارق", "Tariq", "Tarek", "Tareq", "Tarik"),
    "faysal": ("فيصل", "Faysal", "Faisal", "Feisal"),
    "nasir": ("ناصر", "Nasir", "Nasser", "Naser"),
    "qasim": ("قاسم", "Qasim", "Qassim", "Kassem", "Qasem"),
    "hamza": ("حمزة", "Hamza", "Hamzah"),
    "zayd": ("زيد", "Zayd", "Zaid", "Zeid"),
    "sulayman": ("سليمان", "Sulayman", "Suleiman", "Sulaiman", "Soliman"),
    "ismail": ("إسماعيل", "Ismail", "Ismael", "Smail"),
    "yahya": ("يحيى", "Yahya", "Yehia", "Yahia"),
    "abd_al_rahman": ("عبد الرحمن", "Abd al-Rahman", "Abdul Rahman", "Abdulrahman", "Abdel Rahman", "Abderrahmane"),
    "abd_allah": ("عبد الله", "Abdallah", "Abdullah", "Abd Allah", "Abdulla"),
    "abd_al_aziz": ("عبد العزيز", "Abd al-Aziz", "Abdulaziz", "Abdel Aziz", "Abdelaziz"),
    "abd_al_karim": ("عبد الكريم", "Abd al-Karim", "Abdul Karim", "Abdelkarim", "Abdulkarim"),
    "abu_bakr": ("أبو بكر", "Abu Bakr", "Abubakar", "Abou Bakr", "Aboubakr"),
    "salih": ("صالح", "Salih", "Saleh", "Salah"),
    "rashid": ("راشد", "Rashid", "Rachid", "Rasheed"),
    "walid": ("وليد", "Walid", "Waleed", "Oualid"),
    "adnan": ("عدنان", "Adnan"),
    "bilal": ("بلال", "Bilal", "Belal"),
}  # fmt: skip
AR_FEMALE = {
    "fatima": ("فاطمة", "Fatima", "Fatimah", "Fatma"),
    "aisha": ("عائشة", "Aisha", "Aicha", "Ayesha"),
    "maryam": ("مريم", "Maryam", "Mariam", "Meriem"),
    "zaynab": ("زينب", "Zaynab", "Zainab", "Zeinab"),
    "khadija": ("خديجة", "Khadija", "Khadijah", "Khadidja"),
    "layla": ("ليلى", "Layla", "Leila", "Laila"),
}
AR_FAMILY = {
    "tamimi": ("التميمي", "al-Tamimi", "Al Tamimi", "Altamimi", "El Tamimi"),
    "masri": ("المصري", "al-Masri", "El-Masry", "Al Masri", "Elmasry"),
    "sharif": ("الشريف", "al-Sharif", "El Sherif", "Al-Shareef", "Al Sharif"),
    "haddad": ("حداد", "Haddad", "Hadad", "Al-Haddad"),
    "khuri": ("خوري", "Khuri", "Khoury", "Khouri"),
    "zahrani": ("الزهراني", "al-Zahrani", "Alzahrani", "Al Zahrani"),
    "qurashi": ("القرشي", "al-Qurashi", "Al Qurashi", "Al-Qurayshi", "El Korachi"),
    "hashimi": ("الهاشمي", "al-Hashimi", "Al Hashemi", "El Hachemi", "Alhashimi"),
    "ansari": ("الأنصاري", "al-Ansari", "El Ansary", "Al Ansari", "Alansari"),
    "jaburi": ("الجبوري", "al-Jaburi", "Al Jubouri", "Al-Joubouri", "Aljabouri"),
    "ubaydi": ("العبيدي", "al-Ubaydi", "Al Obeidi", "Al-Obaidi", "El Obeidi"),
    "baghdadi": ("البغدادي", "al-Baghdadi", "Al Baghdadi", "El Baghdadi"),
    "halabi": ("الحلبي", "al-Halabi", "Al Halaby", "Halabi"),
    "kubaysi": ("الكبيسي", "al-Kubaysi", "Al Kubaisi", "Al-Kobaisi"),
    "shammari": ("الشمري", "al-Shammari", "Al Shamari", "Alshammari"),
    "dulaymi": ("الدليمي", "al-Dulaymi", "Al Dulaimi", "Al-Dulaimy"),
    "zubaydi": ("الزبيدي", "al-Zubaydi", "Al Zubaidi", "Al-Zobaidi"),
    "mansur": ("منصور", "Mansur", "Mansour", "Mansoor"),
    "nasrallah": ("نصر الله", "Nasrallah", "Nasr Allah", "Nasrullah"),
    "hijazi": ("حجازي", "Hijazi", "Hegazy", "Higazi"),
}
AR_COUNTRIES = ("SY", "IQ", "LB", "YE", "SA", "EG", "JO", "LY", "SD", "AE", "TN", "DZ", "MA")

# Chinese syllables: pinyin and Wade–Giles (apostrophes dropped, as passports and lists write them).
ZH_WG = {
    "wang": "wang", "li": "li", "zhang": "chang", "liu": "liu", "chen": "chen", "yang": "yang", "huang": "huang",
    "zhao": "chao", "zhou": "chou", "wu": "wu", "xu": "hsu", "sun": "sun", "zhu": "chu", "ma": "ma", "hu": "hu",
    "guo": "kuo", "lin": "lin", "he": "ho", "gao": "kao", "luo": "lo", "zheng": "cheng", "xie": "hsieh",
    "song": "sung", "tang": "tang", "deng": "teng", "cao": "tsao", "zeng": "tseng", "xiao": "hsiao",
    "dong": "tung", "cai": "tsai", "jiang": "chiang", "ye": "yeh", "ming": "ming", "jian": "chien",
    "zhi": "chih", "qiang": "chiang", "wei": "wei", "jun": "chun", "yong": "yung", "hui": "hui", "xin": "hsin",
    "jie": "chieh", "hong": "hung", "qing": "ching", "de": "te", "hua": "hua", "yu": "yu", "xuan": "hsuan",
    "zhen": "chen", "lei": "lei", "bo": "po", "tao": "tao", "hai": "hai", "feng": "feng", "long": "lung",
    "ping": "ping", "fang": "fang", "yan": "yen", "na": "na", "jing": "ching", "ying": "ying", "mei": "mei",
    "lan": "lan", "wen": "wen", "bin": "pin", "kai": "kai", "hao": "hao", "ning": "ning", "rong": "jung",
    "zhong": "chung", "guang": "kuang", "xiang": "hsiang", "sheng": "sheng", "qi": "chi",
}  # fmt: skip
ZH_SURNAMES = (
    "wang li zhang liu chen yang huang zhao zhou wu xu sun zhu ma hu guo lin he gao luo zheng xie song tang "
    "deng cao zeng xiao dong cai jiang ye"
).split()
ZH_GIVEN = (
    "ming jian guo zhi qiang wei jun yong hui xin jie hong qing de hua li xiao yu xuan zhen lei bo tao hai "
    "dong feng long ping fang yan na jing ying mei lan wen bin kai hao ning rong zhong guang xiang sheng qi"
).split()

# Latin-script origins: given names (male, female), middle names, surnames; Spanish names have two.
LATIN = {
    "de": (
        "Hans Jürgen Klaus Günther Wolfgang Stefan Michael Thomas Andreas Matthias Jörg Björn Uwe Dieter Karl-Heinz "
        "Hans-Peter Ulrich Rüdiger".split(),
        "Sabine Ursula Monika Renate Jutta Brigitte Anna-Lena Käthe Hannelore Sören".split(),
        "Peter Friedrich Wilhelm Maria Josef Karl Johannes".split(),
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter "
        "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Werner Krause Lehmann Köhler "
        "Groß Weiß Jäger Böhm Vogel Günther Fröhlich Schütz Voß Strauß".split(),
    ),
    "fr": (
        "Jean Pierre François Michel Philippe Jérôme Benoît Stéphane Frédéric Jean-Pierre Jean-Luc Loïc Gérard "
        "Hervé André".split(),
        "Hélène Gaëlle Françoise Céline Élodie Marie-Claire Anne-Sophie Noémie Geneviève Béatrice".split(),
        "Marie Louis Joseph Henri Paul Jacques".split(),
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel David "
        "Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet Legrand Garnier Faure "
        "Rousseau Blanc Guérin Perrin Morin Mathieu Clément Gauthier Dumont Fontaine Chevalier Bénard Lemaître "
        "Lécuyer Pétain".split(),
    ),
    "es": (
        "José Juan Antonio Manuel Francisco Javier Jesús Ángel Carlos Miguel Rafael Alejandro José María Juan Carlos "
        "José Luis Miguel Ángel".split(),
        "María Carmen Ana Lucía Pilar Dolores Inés Begoña Mercedes Rocío".split(),
        (),
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz "
        "Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Ramírez Serrano Núñez "
        "Ibáñez Peña Suárez Ortega Castillo Márquez Cortés Benítez Sáez Durán Quintero".split(),
    ),
    "pl": (
        "Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Grzegorz Łukasz Wojciech Jakub Mateusz Stanisław "
        "Zbigniew Jerzy".split(),
        "Anna Katarzyna Małgorzata Agnieszka Barbara Ewa Magdalena Joanna Żaneta Beata".split(),
        "Jan Maria Józef Andrzej".split(),
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski "
        "Kozłowski Jankowski Mazur Wojciechowski Kwiatkowski Krawczyk Kaczmarek Piotrowski Grabowski Zając "
        "Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Stępień Bąk Sokołowski Ziółkowski Przybylski "
        "Włodarczyk Kaźmierczak Brzęczyszczykiewicz".split(),
    ),
    "en": (
        "John James Robert Michael William David Richard Thomas Charles Christopher Daniel Matthew Anthony Mark "
        "Paul Steven Andrew Kenneth Kevin Brian".split(),
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Margaret Emily".split(),
        "Robert James Edward Alan Michael Louise Anne Elizabeth Patrick".split(),
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee "
        "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker "
        "Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris "
        "Murphy O'Brien O'Connor McDonald MacLeod Fitzgerald".split(),
    ),
}
SPANISH_COMPOUNDS = ("José María", "Juan Carlos", "José Luis", "Miguel Ángel", "María José", "María del Carmen")
LATIN_COUNTRY = {"de": "DE", "fr": "FR", "es": "ES", "pl": "PL", "en": "GB"}
# Where a listed person's customer record may say otherwise (a second citizenship, naturalisation).
OTHER_NATIONALITY = {
    "ru": ("CY", "IL", "DE", "AE", "GB", "MT"),
    "ua": ("PL", "DE", "RU", "CZ"),
    "ar": ("FR", "DE", "GB", "SE", "TR", "NL"),
    "zh": ("HK", "SG", "TW", "CA"),
    "de": ("AT", "CH"),
    "fr": ("BE", "CH"),
    "es": ("MX", "CO", "VE", "AR"),
    "pl": ("DE", "GB"),
    "en": ("US", "IE", "CA", "AU"),
}
HOME = {"ru": ("RU",), "ua": ("UA",), "ar": AR_COUNTRIES, "zh": ("CN",), **{k: (v,) for k, v in LATIN_COUNTRY.items()}}

# Titles where they are written into the name: customers' ID cards (Germany's "Dr."), forms
# ("Mr", "Mrs"), and lists' religious and military ones.
CUSTOMER_TITLES = ("Dr.", "Prof. Dr.", "Dr. med.", "Dipl.-Ing.", "Mr", "Mrs", "Ms", "Sir", "Mag.", "Ing.")
LISTED_TITLES = {
    "ar": ("Sheikh", "Haji", "Mullah", "Maulawi", "Dr.", "Imam", "Hajji", "Shaykh"),
    "ru": ("General", "Colonel", "Dr."),
    "ua": ("General", "Colonel"),
    "en": ("Dr.", "Sir", "Rev."),
}

# --- Companies ---------------------------------------------------------------------------------

RU_COMPANY_STEMS = (
    "Строй Газ Нефть Пром Энерго Техно Транс Сиб Урал Мет Агро Рос Спец Монтаж Инвест Сервис Снаб Торг "
    "Экспорт Импорт Маш Авто Лес Хим Сталь Флот Логистик Ресурс"
).split()
RU_COMPANY_PHRASES = (
    "Северная верфь",
    "Балтийский завод",
    "Уральский турбинный завод",
    "Южная энергетическая компания",
    "Сибирская угольная компания",
    "Волжский трубный завод",
    "Дальневосточное морское пароходство",
)
RU_FORMS = (
    ("ООО", 'ООО «{}»', 'OOO "{}"', '{} LLC', 'Limited Liability Company "{}"',
     'Obshchestvo s ogranichennoy otvetstvennostyu "{}"'),
    ("АО", 'АО «{}»', 'AO "{}"', '{} JSC', 'Joint Stock Company "{}"', 'Aktsionernoe obshchestvo "{}"'),
    ("ПАО", 'ПАО «{}»', 'PAO "{}"', '{} PJSC', 'Public Joint Stock Company "{}"',
     'Publichnoe aktsionernoe obshchestvo "{}"'),
)  # fmt: skip
COMPANY_FORMS = {
    "de": (("GmbH", "G.m.b.H.", "Gesellschaft mit beschränkter Haftung", "GMBH"), ("AG", "Aktiengesellschaft")),
    "pl": (
        ("Sp. z o.o.", "sp. z o. o.", "spółka z ograniczoną odpowiedzialnością", "SP. Z O.O."),
        ("S.A.", "SA", "Spółka Akcyjna"),
        ("sp.k.", "spółka komandytowa", "Sp. k."),
    ),
    "fr": (
        ("SARL", "S.A.R.L.", "société à responsabilité limitée"),
        ("SAS", "S.A.S.", "société par actions simplifiée"),
        ("SA", "S.A.", "société anonyme"),
    ),
    "es": (("S.L.", "SL", "Sociedad Limitada", "S.L.U."), ("S.A.", "SA", "Sociedad Anónima")),
    "gb": (("Ltd", "Limited", "LTD.", "Ltd."), ("PLC", "plc", "Public Limited Company"), ("LLP", "L.L.P.")),
    "us": (("Inc.", "Incorporated", "Inc"), ("LLC", "L.L.C.", "Limited Liability Company"), ("Corp.", "Corporation")),
    "ae": (("LLC", "L.L.C.", "Limited Liability Company"), ("FZE", "F.Z.E.", "Free Zone Establishment"), ("FZCO",)),
    "cn": (("Co., Ltd.", "Company Limited", "Co. Ltd", "CO.,LTD"),),
    "hk": (("Limited", "Ltd", "Co., Limited"),),
    "cy": (("Limited", "Ltd", "LTD"),),
    "tr": (("Ltd. Şti.", "Limited Şirketi", "LTD STI"), ("A.Ş.", "Anonim Şirketi", "AS")),
    "it": (("S.r.l.", "Srl", "società a responsabilità limitata"), ("S.p.A.", "SpA", "società per azioni")),
    "nl": (("B.V.", "BV", "Besloten Vennootschap"),),
}
COMPANY_COUNTRY = {
    "de": "DE", "pl": "PL", "fr": "FR", "es": "ES", "gb": "GB", "us": "US", "ae": "AE", "cn": "CN", "hk": "HK",
    "cy": "CY", "tr": "TR", "it": "IT", "nl": "NL", "ru": "RU",
}  # fmt: skip
COMPANY_PATTERNS = {
    "de": (("{surname} {activity}", "Maschinenbau Logistik Handel Bau Immobilien Anlagenbau Spedition Metallbau"),
           ("{word} {activity}", "Nordwest Rheinland Elbe Hansa Alpen Südstern")),
    "pl": (("{surname} {activity}", "Budownictwo Transport Handel Logistyka Energetyka Instalacje Stal"),
           ("Przedsiębiorstwo Handlowe {word}", "Polmar Transbud Elmex Budimex Agropol Metalex")),
    "fr": (("Transports {surname}", ""), ("{surname} et Fils", ""), ("{surname} {activity}", "Immobilier Négoce Bâtiment"),
           ("Société Nouvelle {word}", "Armor Provence Atlantique Rhône")),
    "es": (("{surname} Hermanos", ""), ("Construcciones {surname}", ""), ("Inversiones {word}", "Andina Ibérica Atlántica Levante"),
           ("Transportes {surname} {surname2}", "")),
    "gb": (("{word} {activity}", "Trading Holdings Shipping Marine Services Capital Partners Logistics"),),
    "us": (("{word} {activity}", "Technologies Capital Aviation Energy Resources Industries Solutions"),),
    "ae": (("Al {word} General Trading", "Noor Fajr Amal Baraka Rawabi Sahra Waha Khaleej Nakheel Zahra Hilal Reem"),
           ("{word} Petroleum", "Gulf Falcon Emirates Oasis Horizon Pearl"),
           ("{word} Marine Services", "Gulf Falcon Emirates Oasis Horizon Pearl")),
    "cn": (("{city} {brand} {activity}", "Technology Trading Electronics Shipping Industrial"),),
    "hk": (("{brand} International Trading", ""), ("{brand} Holdings", "")),
    "cy": (("{word} {activity}", "Holdings Investments Shipping Trading")),
    "tr": (("{word} Dış Ticaret", "Anadolu Ege Marmara Karadeniz Akdeniz Yıldız Doğan Güneş")),
    "it": (("{surname} {activity}", "Costruzioni Impianti Trasporti Commercio"),),
    "nl": (("{word} {activity}", "Trading Shipping Holding Logistics"),),
}  # fmt: skip
WORDS = {
    "gb": "Albion Meridian Sterling Blackstone Northgate Harbour Crown Thames Pennine Oakwood".split(),
    "us": "Liberty Summit Apex Frontier Pioneer Keystone Granite Redwood Atlas Beacon".split(),
    "cy": "Lanvale Fortelis Brenton Kition Ermis Aphrodite Limassol Troodos Zenon Amathus".split(),
    "nl": "Oranje Noordzee Delta Rijn Zeeland Holland".split(),
}
ZH_CITIES = ("Shenzhen", "Dalian", "Ningbo", "Xiamen", "Guangzhou", "Tianjin", "Qingdao", "Zhuhai")
ZH_BRANDS = (
    "Huaxin Jinpeng Hengtong Xinda Haitai Ruida Tianyi Yongsheng Hongda Longxiang Shengtai Zhongxin Huaxing "
    "Jinhai Tianli Hengda Xinhua Dongfang"
).split()
IT_SURNAMES = "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti".split()


# --- Building blocks ------------------------------------------------------------------------


@dataclass
class Person:
    """A person as they are, in their own script: given names, middle names (patronymic, nasab,
    second given names), family names; ``parts`` keys for Arabic and Chinese names."""

    origin: str
    given: list[str]
    middle: list[str]
    family: list[str]
    female: bool = False
    born: str = ""
    nationality: str = ""


@dataclass
class Name:
    """A person's name as one side writes it: given, middle and family names in that side's
    spelling."""

    given: list[str]
    middle: list[str]
    family: list[str]

    def copy(self) -> Name:
        return Name(list(self.given), list(self.middle), list(self.family))


def listed_style(name: Name, style: str) -> str:
    given, middle, family = " ".join(name.given), " ".join(name.middle), " ".join(name.family)
    front = " ".join(part for part in (given, middle) if part)
    if style == "eu":  # "Ivan Petrovich SIDOROV"
        return f"{front} {family.upper()}".strip()
    if style == "un":  # "IVAN PETROVICH SIDOROV"
        return f"{front} {family}".strip().upper()
    if style == "ofac":  # "SIDOROV, Ivan Petrovich"
        return f"{family.upper()}, {front}".strip(", ")
    if style == "family_first":  # "SIDOROV Ivan Petrovich", "ZHANG Xiaoming"
        return f"{family.upper()} {front}".strip()
    return f"{front} {family}".strip()


def customer_person(name: Name, born: tuple[str, ...], nationalities: tuple[str, ...]) -> Subject:
    """As ``customer_subject`` makes it of the fields: first [middle] last, and first last."""
    first, middle, last = " ".join(name.given), " ".join(name.middle), " ".join(name.family)
    full = " ".join(part for part in (first, middle, last) if part)
    short = " ".join(part for part in (first, last) if part)
    names = tuple(dict.fromkeys(name for name in (full, short) if name))
    return Subject(PERSON, tuple((name, False) for name in names), born, nationalities)


def listed_person(names: list[tuple[str, bool]], born: tuple[str, ...], nationalities: tuple[str, ...]) -> Subject:
    return Subject(PERSON, tuple(dict.fromkeys(names)), born, nationalities)


def strip_accents(text: str, german: bool = False) -> str:
    if german:
        for accented, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
            text = text.replace(accented, plain)
    text = text.replace("ß", "ss").replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


class Builder:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.used: set[tuple] = set()

    # --- people ---------------------------------------------------------------------------

    def birth_date(self) -> str:
        rng = self.rng
        return f"{rng.randint(1945, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def person(self, origin: str, *, middle: bool | None = None, common: bool = False) -> Person:
        """A person of ``origin``; ``middle``: with a patronymic / middle names / nasab (None: as
        often as the origin has them); ``common``: among the most frequent names (namesakes)."""
        rng = self.rng
        female = rng.random() < 0.3
        if middle is None:
            middle = {"ru": 0.9, "ua": 0.9, "ar": 0.8, "zh": 0.0, "es": 0.0}.get(origin, 0.35) > rng.random()
        nationality = rng.choice(HOME[origin])
        born = self.birth_date()
        if origin in ("ru", "ua"):
            males, females, patronymics, surnames = (
                (RU_MALE, RU_FEMALE, RU_PATRONYMICS, RU_SURNAMES)
                if origin == "ru"
                else (UA_MALE, UA_FEMALE, UA_PATRONYMICS, UA_SURNAMES)
            )
            if common:
                males, surnames = males[:8], surnames[:8]
            given = rng.choice(females if female else males)
            father = rng.choice(sorted(patronymics))
            family = rng.choice(surnames)
            if female:
                family = feminine(family, origin)
            parts = [patronymics[father][1 if female else 0]] if middle else []
            return Person(origin, [given], parts, [family], female, born, nationality)
        if origin == "ar":
            keys = list(AR_GIVEN)
            if common:
                keys = ["muhammad", "ahmad", "ali", "hasan", "husayn", "umar", "khalid"]
            given = rng.choice(list(AR_FEMALE)) if female else rng.choice(keys)
            father = [rng.choice(list(AR_GIVEN))] if middle else []
            if middle and rng.random() < 0.4:
                father.append(rng.choice(list(AR_GIVEN)))  # the grandfather's name too
            family = rng.choice(list(AR_FAMILY))
            return Person(origin, [given], father, [family], female, born, nationality)
        if origin == "zh":
            surnames = ZH_SURNAMES[:6] if common else ZH_SURNAMES
            syllables = 1 if common or rng.random() < 0.3 else 2
            given = [rng.choice(ZH_GIVEN) for _ in range(syllables)]
            return Person(origin, given, [], [rng.choice(surnames)], female, born, nationality)
        males, females, middles, surnames = LATIN[origin]
        if common:
            males, females, surnames = males[:5], females[:3], surnames[:5]
        if origin == "es":
            given = rng.choice(SPANISH_COMPOUNDS) if rng.random() < 0.3 and not common else rng.choice(
                females if female else males
            )
            family = [rng.choice(surnames)] + ([] if common else [rng.choice(surnames)])
            return Person(origin, [given], [], family, female, born, nationality)
        given = rng.choice(females if female else males)
        family = rng.choice(surnames)
        if origin == "pl" and female:
            family = feminine(family, origin)
        parts = [rng.choice([m for m in middles if m != given])] if middle and middles else []
        return Person(origin, [given], parts, [family], female, born, nationality)

    def spelled(self, person: Person, system: str | dict | None = None) -> Name:
        """``person``'s name in one spelling: a romanisation for Cyrillic names; for Arabic ones
        the spelling of each part ({part: index}, 0 = the lists' usual one); for Chinese ones
        ("pinyin" | "wg", "joined" | "hyphen" | "spaced"); Latin names as they are."""
        if person.origin in ("ru", "ua"):
            convert = (lambda text: text) if system == "cyrillic" else (lambda text: romanise(text, system))
            return Name(
                [convert(g) for g in person.given],
                [convert(m) for m in person.middle],
                [convert(f) for f in person.family],
            )
        if person.origin == "ar":
            choice = system or {}

            def part(key: str) -> str:
                table = AR_GIVEN.get(key) or AR_FEMALE.get(key) or AR_FAMILY[key]
                return table[1 + choice.get(key, 0) % (len(table) - 1)] if choice != "arabic" else table[0]

            return Name([part(k) for k in person.given], [part(k) for k in person.middle], [part(k) for k in person.family])
        if person.origin == "zh":
            romanisation, joining = system or ("pinyin", "joined")
            convert = (lambda s: s) if romanisation == "pinyin" else (lambda s: ZH_WG[s])
            syllables = [convert(s) for s in person.given]
            if joining == "spaced":
                given = [s.capitalize() for s in syllables]
            elif joining == "hyphen":
                given = ["-".join(syllables).capitalize()]
            else:
                given = ["".join(syllables).capitalize()]
            return Name(given, [], [convert(person.family[0]).capitalize()])
        return Name(list(person.given), list(person.middle), list(person.family))

    def list_spelling(self, person: Person):
        """The spelling a list gives ``person``."""
        rng = self.rng
        if person.origin == "ru":
            return rng.choice(("bgn", "bgn", "common", "icao"))
        if person.origin == "ua":
            return rng.choice(("ua_official", "ua_official", "ua_common"))
        if person.origin == "ar":
            return {}
        if person.origin == "zh":
            return ("pinyin", "joined")
        return None

    def customer_spelling(self, person: Person, listed):
        """Another spelling of ``person`` than the list's, as a customer's documents give it."""
        rng = self.rng
        if person.origin == "ru":
            options = [s for s in ("icao", "icao", "icao", "mvd", "german", "french", "common") if s != listed]
            return rng.choice(options)
        if person.origin == "ua":
            return rng.choice([s for s in ("ua_official", "ua_common", "ua_russian", "ua_german") if s != listed])
        if person.origin == "ar":
            keys = person.given + person.middle + person.family
            choice = {key: rng.randrange(1, 8) if rng.random() < 0.7 else 0 for key in keys}
            if not any(choice.values()):
                choice[keys[0]] = 1
            return choice
        if person.origin == "zh":
            return rng.choice((("wg", "hyphen"), ("pinyin", "hyphen"), ("pinyin", "spaced"), ("wg", "joined")))
        return None

    def attributes(self, person: Person, same: bool) -> tuple[tuple, tuple, tuple, tuple]:
        """(customer's birth dates, customer's nationalities, listed birth dates, listed
        nationalities), at the shares lists and customer files have them."""
        rng = self.rng
        listed_born: tuple[str, ...] = ()
        draw = rng.random()
        year = person.born[:4]
        if draw < 0.60:
            listed_born = (person.born,)
        elif draw < 0.75:
            approximate = int(year) + (rng.choice((-1, 1)) if rng.random() < 0.3 else 0)
            listed_born = (str(approximate),)
        elif draw < 0.80:
            listed_born = (person.born, str(int(year) + rng.choice((-1, 1, 2))))
        listed_nat = (person.nationality,) if rng.random() < 0.6 else ()
        if same:
            born = person.born
            if rng.random() < 0.04:  # a data error: day and month swapped, or a digit mistyped
                y, m, d = born.split("-")
                born = f"{y}-{d}-{m}" if int(d) <= 12 and d != m else f"{y}-{m}-{int(d) % 28 + 1:02d}"
            customer_born = (born,) if rng.random() < 0.92 else ()
            nationality = person.nationality if rng.random() < 0.88 else rng.choice(OTHER_NATIONALITY[person.origin])
        else:
            customer_born = (self.birth_date(),) if rng.random() < 0.92 else ()
            nationality = person.nationality if rng.random() < 0.75 else rng.choice(OTHER_NATIONALITY[person.origin])
        nationalities = (nationality,) if rng.random() < 0.95 else ()
        if nationalities and rng.random() < 0.05:
            nationalities = (*nationalities, rng.choice(OTHER_NATIONALITY[person.origin]))
        return customer_born, nationalities, listed_born, listed_nat

    def extra_aliases(self, person: Person) -> list[tuple[str, bool]]:
        """What else lists give: the name in its own script (EU, UN), now and then."""
        rng = self.rng
        aliases = []
        if person.origin in ("ru", "ua") and rng.random() < 0.35:
            aliases.append((listed_style(self.spelled(person, "cyrillic"), "plain"), False))
        if person.origin == "ar" and rng.random() < 0.3:
            aliases.append((listed_style(self.spelled(person, "arabic"), "plain"), False))
        return aliases

    def pair(self, person: Person, customer_name: Name, listed_names: list[str], same: bool, category: str,
             *, aliases: bool = True) -> Pair:  # fmt: skip
        customer_born, nationalities, listed_born, listed_nat = self.attributes(person, same)
        names = [(name, False) for name in listed_names] + (self.extra_aliases(person) if aliases else [])
        return Pair(
            customer_person(customer_name, customer_born, nationalities),
            listed_person(names, listed_born, listed_nat),
            same,
            category,
            person.origin,
        )

    def unseen(self, *key) -> bool:
        if key in self.used:
            return False
        self.used.add(key)
        return True

    # --- companies ------------------------------------------------------------------------

    def company_core(self, country: str) -> tuple[str, str]:
        """A company's name without its legal form, and the form family's index."""
        rng = self.rng
        if country == "ru":
            if rng.random() < 0.25:
                return rng.choice(RU_COMPANY_PHRASES), str(rng.randrange(len(RU_FORMS)))
            stems = rng.sample(RU_COMPANY_STEMS, rng.choice((2, 2, 3)))
            core = "".join(stems).lower().capitalize()
            return core, str(rng.randrange(len(RU_FORMS)))
        pattern, activities = rng.choice(COMPANY_PATTERNS[country])
        activity = rng.choice(activities.split()) if activities else ""
        values = {
            "activity": activity,
            "surname": self.company_surname(country),
            "surname2": self.company_surname(country),
            "word": rng.choice(activities.split()) if "{word}" in pattern and "{activity}" not in pattern else "",
            "city": rng.choice(ZH_CITIES),
            "brand": rng.choice(ZH_BRANDS),
        }
        if "{word}" in pattern and "{activity}" in pattern:
            values["word"] = rng.choice(WORDS.get(country) or activities.split())
        if country == "ae" and "{word}" in pattern:
            values["word"] = rng.choice(activities.split())
        if country in ("tr", "cy") and "{word}" in pattern:
            values["word"] = rng.choice(WORDS["cy"]) if country == "cy" else rng.choice(activities.split())
            values["activity"] = rng.choice(activities.split()) if country == "cy" else ""
        core = pattern.format(**values).strip()
        return core, str(rng.randrange(len(COMPANY_FORMS[country])))

    def company_surname(self, country: str) -> str:
        rng = self.rng
        source = {"de": "de", "pl": "pl", "fr": "fr", "es": "es", "gb": "en", "us": "en"}.get(country)
        if country == "it":
            return rng.choice(IT_SURNAMES)
        return rng.choice(LATIN[source][3]) if source else rng.choice(LATIN["en"][3])

    def company_name(self, country: str, core: str, form: str, variant: int, *, spelling: str = "bgn") -> str:
        """``core`` with legal form ``variant`` of family ``form`` (Russian names romanised by
        ``spelling``, or "cyrillic")."""
        if country == "ru":
            forms = RU_FORMS[int(form)]
            template = forms[1 + variant % (len(forms) - 1)]
            cyrillic = template.startswith(forms[0])
            text = core if cyrillic or spelling == "cyrillic" else romanise(core, spelling)
            if spelling == "cyrillic":
                template = forms[1]
            elif cyrillic:
                template = forms[2]
            return template.format(text)
        forms = COMPANY_FORMS[country][int(form)]
        return f"{core} {forms[variant % len(forms)]}"

    def company_pair(self, country: str, customer: str, listed: list[str], same: bool, category: str) -> Pair:
        rng = self.rng
        home = COMPANY_COUNTRY[country]
        if same:
            mine = home if rng.random() < 0.85 else rng.choice(("CY", "AE", "HK", "GB", "TR", "NL"))
        else:
            mine = home if rng.random() < 0.7 else rng.choice(("CY", "AE", "HK", "GB", "TR", "NL"))
        theirs = (home,) if rng.random() < 0.7 else ()
        return Pair(
            Subject(ORGANISATION, ((customer, False),), (), (mine,)),
            Subject(ORGANISATION, tuple((name, False) for name in listed), (), theirs),
            same,
            category,
            f"org-{country}",
        )


def feminine(surname: str, origin: str) -> str:
    if origin == "pl":
        return surname[:-1] + "a" if surname.endswith("ki") else surname
    for male, female in (("ский", "ская"), ("ський", "ська"), ("ой", "ая"), ("ов", "ова"), ("ёв", "ёва"),
                         ("ев", "ева"), ("ин", "ина")):  # fmt: skip
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname


# --- Variants ----------------------------------------------------------------------------------

_KEYBOARD = {
    "a": "qsz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo", "j": "hk",
    "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "wa", "r": "et", "s": "ad", "t": "ry",
    "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "xa",
}  # fmt: skip


def typo(rng: random.Random, word: str) -> str:
    """One slip of the keyboard: a neighbouring key, a letter dropped, doubled or two swapped."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("neighbour", "neighbour", "drop", "double", "swap"))
    char = word[i]
    if kind == "neighbour" and char.lower() in _KEYBOARD:
        replacement = rng.choice(_KEYBOARD[char.lower()])
        return word[:i] + (replacement.upper() if char.isupper() else replacement) + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + char + word[i:]
    if i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def typo_in(rng: random.Random, name: Name) -> Name:
    """A typo in one of the name's words, a longer word more likely."""
    name = name.copy()
    slots = [(part, index) for part in ("given", "middle", "family") for index in range(len(getattr(name, part)))]
    weights = [len(getattr(name, part)[index]) for part, index in slots]
    part, index = rng.choices(slots, weights=weights)[0]
    words = getattr(name, part)[index].split(" ")
    which = rng.choices(range(len(words)), weights=[len(w) for w in words])[0]
    words[which] = typo(rng, words[which])
    getattr(name, part)[index] = " ".join(words)
    return name


def initials(text: str, *, dots: bool = True) -> str:
    parts = [p for p in text.replace("-", " ").split(" ") if p]
    return " ".join(p[0].upper() + ("." if dots else "") for p in parts)


# --- The categories ------------------------------------------------------------------------------


def build(seed: int = SEED) -> list[Pair]:
    b = Builder(seed)
    rng = b.rng
    pairs: list[Pair] = []

    def origins(*weighted):
        values, weights = zip(*weighted, strict=True)
        return rng.choices(values, weights=weights)[0]

    # Transliteration: the customer's documents spell the name otherwise than the list.
    made = 0
    while made < POSITIVE_COUNTS["transliteration"]:
        if made < 4:  # Russian companies romanised otherwise
            core, form = b.company_core("ru")
            listed_spelling = rng.choice(("bgn", "icao"))
            mine = rng.choice([s for s in ("icao", "german", "french", "common", "mvd") if s != listed_spelling])
            variant = rng.randrange(5)
            customer = b.company_name("ru", core, form, variant, spelling=mine)
            listed = b.company_name("ru", core, form, variant, spelling=listed_spelling)
            if customer != listed and b.unseen("tr-org", core):
                pairs.append(b.company_pair("ru", customer, [listed], True, "transliteration"))
                made += 1
            continue
        origin = origins(("ru", 14), ("ua", 8), ("ar", 16), ("zh", 6))
        person = b.person(origin)
        if origin == "ua" and rng.random() < 0.35:
            # A Russian document of a Ukrainian: the Russian form of the given name; the list has
            # the Ukrainian one only.
            listed_name = b.spelled(person, "ua_official")
            russian = Person("ru", [UA_TO_RU_GIVEN[person.given[0]]], [], person.family, person.female)
            customer_name = Name(b.spelled(russian, "icao").given, [], b.spelled(person, "ua_russian").family)
            listed_name.middle = []
        else:
            listed_spelling = b.list_spelling(person)
            listed_name = b.spelled(person, listed_spelling)
            customer_name = b.spelled(person, b.customer_spelling(person, listed_spelling))
        if origin == "zh":  # a European form: given name first
            pass
        if listed_style(customer_name, "plain").lower() == listed_style(listed_name, "plain").lower():
            continue
        if not b.unseen("tr", listed_style(listed_name, "plain")):
            continue
        style = "family_first" if origin == "zh" else rng.choice(("eu", "un", "plain"))
        pairs.append(b.pair(person, customer_name, [listed_style(listed_name, style)], True, "transliteration"))
        made += 1

    # Cyrillic against Latin letters.
    made = 0
    while made < POSITIVE_COUNTS["cyrillic"]:
        origin = origins(("ru", 17), ("ua", 7))
        person = b.person(origin)
        listed_spelling = b.list_spelling(person)
        latin = b.spelled(person, listed_spelling)
        cyrillic = b.spelled(person, "cyrillic")
        if not b.unseen("cy", listed_style(latin, "plain")):
            continue
        if rng.random() < 0.6:  # the customer's name in Cyrillic, the list's in Latin letters only
            pair = b.pair(person, cyrillic, [listed_style(latin, rng.choice(("eu", "un", "plain")))], True,
                          "cyrillic", aliases=False)  # fmt: skip
        else:  # the customer's in a German or French spelling; the list's in Latin and Cyrillic
            spelling = rng.choice(("german", "french")) if origin == "ru" else "ua_german"
            customer_name = b.spelled(person, spelling)
            listed_names = [listed_style(latin, rng.choice(("eu", "un"))), listed_style(cyrillic, "plain")]
            pair = b.pair(person, customer_name, listed_names, True, "cyrillic", aliases=False)
        pairs.append(pair)
        made += 1

    latin_origins = (("de", 3), ("fr", 3), ("es", 3), ("pl", 3), ("en", 3))
    any_origin = (("ru", 4), ("ua", 2), ("ar", 4), ("zh", 2), *latin_origins)

    # Order: "LAST, First", family name first, or the customer's fields swapped.
    for _ in range(POSITIVE_COUNTS["order"]):
        person = b.person(origins(*any_origin))
        spelling = b.list_spelling(person)
        name = b.spelled(person, spelling)
        draw = rng.random()
        if person.origin == "zh":
            customer_name = name  # Xiaoming Zhang, as a European form writes it
            listed = listed_style(name, rng.choice(("family_first", "ofac")))
        elif draw < 0.45:
            customer_name, listed = name, listed_style(name, "ofac")
        elif draw < 0.75:
            customer_name, listed = name, listed_style(name, "family_first")
        else:  # the family name typed into the first-name field
            customer_name = Name(name.family, name.middle, name.given)
            listed = listed_style(name, rng.choice(("eu", "un")))
        pairs.append(b.pair(person, customer_name, [listed], True, "order"))

    # Initials: given or middle names as initials, mostly on the customer's side.
    for _ in range(POSITIVE_COUNTS["initials"]):
        person = b.person(origins(("de", 3), ("fr", 3), ("es", 2), ("pl", 3), ("en", 6), ("ru", 3)), middle=True)
        spelling = b.list_spelling(person)
        name = b.spelled(person, spelling)
        short = name.copy()
        draw = rng.random()
        if draw < 0.4 or not name.middle:  # J. Smith, J. R. Smith
            short.given = [initials(" ".join(name.given))]
            short.middle = [initials(" ".join(name.middle))] if name.middle and rng.random() < 0.6 else []
        elif draw < 0.75:  # John R. Smith
            short.middle = [initials(" ".join(name.middle))]
        else:  # Sidorov I.P. / SMITH J R
            short.given = [initials(" ".join(name.given), dots=rng.random() < 0.7)]
            short.middle = [initials(" ".join(name.middle), dots=rng.random() < 0.7)]
        short_text = listed_style(short, "plain")
        if rng.random() < 0.8:
            pairs.append(b.pair(person, short, [listed_style(name, rng.choice(("eu", "un", "ofac")))], True, "initials"))
        else:  # the list with initials (a payment message, an old listing)
            pair = b.pair(person, name, [short_text], True, "initials")
            pairs.append(pair)

    # Missing middle names: patronymic, middle names, nasab, second surname.
    for _ in range(POSITIVE_COUNTS["missing_middle"]):
        origin = origins(("ru", 6), ("ua", 3), ("ar", 7), ("es", 5), ("en", 3), ("de", 3), ("fr", 3))
        person = b.person(origin, middle=origin != "es")
        name = b.spelled(person, b.list_spelling(person))
        shorter = name.copy()
        if origin == "es":
            shorter.family = shorter.family[:1]
        else:
            shorter.middle = []
        if rng.random() < 0.8:  # the customer without them
            pairs.append(b.pair(person, shorter, [listed_style(name, rng.choice(("eu", "un", "ofac")))], True,
                                "missing_middle"))  # fmt: skip
        else:  # the list without them
            pairs.append(b.pair(person, name, [listed_style(shorter, rng.choice(("eu", "un")))], True,
                                "missing_middle"))  # fmt: skip

    # Typos: on the customer's side mostly; now and then the list's; companies too.
    for index in range(POSITIVE_COUNTS["typo"]):
        if index % 4 == 3:
            country = rng.choice(("de", "pl", "fr", "es", "gb", "us", "ae", "cn", "ru", "cy", "tr"))
            core, form = b.company_core(country)
            variant = rng.randrange(3)
            spelling = "bgn"
            slipped = " ".join(
                typo(rng, w) if i == rng.randrange(len(core.split())) else w for i, w in enumerate(core.split())
            )
            if slipped == core:
                slipped = typo(rng, core)
            customer = b.company_name(country, slipped, form, variant, spelling=spelling)
            listed = b.company_name(country, core, form, variant, spelling=spelling)
            pairs.append(b.company_pair(country, customer, [listed], True, "typo"))
            continue
        person = b.person(origins(*any_origin))
        name = b.spelled(person, b.list_spelling(person))
        slipped = typo_in(rng, name)
        if rng.random() < 0.2:
            slipped = typo_in(rng, slipped)  # two
        style = "family_first" if person.origin == "zh" else rng.choice(("eu", "un", "plain"))
        if rng.random() < 0.75:
            pairs.append(b.pair(person, slipped, [listed_style(name, style)], True, "typo"))
        else:
            pairs.append(b.pair(person, name, [listed_style(slipped, style)], True, "typo"))

    # Accents: diacritics dropped (lists in ASCII, forms without them) or spelled out (ü → ue).
    made = 0
    while made < POSITIVE_COUNTS["accents"]:
        if made % 6 == 5:
            country = rng.choice(("fr", "pl", "de", "es", "tr"))
            core, form = b.company_core(country)
            variant = rng.randrange(3)
            accented = b.company_name(country, core, form, variant)
            plain = strip_accents(accented, german=country == "de" and rng.random() < 0.5).upper()
            if plain.lower() == accented.lower():
                continue
            pairs.append(b.company_pair(country, accented, [plain], True, "accents"))
            made += 1
            continue
        person = b.person(origins(("de", 3), ("fr", 3), ("es", 3), ("pl", 3)))
        name = b.spelled(person)
        text = listed_style(name, "plain")
        plain = strip_accents(text, german=person.origin == "de" and rng.random() < 0.6)
        if plain == text:
            continue
        stripped = Name(
            [strip_accents(g, person.origin == "de" and "ue" in plain) for g in name.given],
            [strip_accents(m, person.origin == "de" and "ue" in plain) for m in name.middle],
            [strip_accents(f, person.origin == "de" and ("ue" in plain or "oe" in plain or "ae" in plain))
             for f in name.family],
        )  # fmt: skip
        if rng.random() < 0.6:  # the customer with accents, the list without (OFAC is ASCII)
            pairs.append(b.pair(person, name, [listed_style(stripped, rng.choice(("un", "eu", "ofac")))], True,
                                "accents"))  # fmt: skip
        else:  # the customer from a document's machine-readable zone, the list with accents
            pairs.append(b.pair(person, stripped, [listed_style(name, "eu")], True, "accents"))
        made += 1

    # Titles written into the name.
    for _ in range(POSITIVE_COUNTS["title"]):
        if rng.random() < 0.5:
            person = b.person(origins(("de", 5), ("fr", 1), ("en", 3), ("pl", 1)))
            name = b.spelled(person)
            titled = name.copy()
            titled.given = [f"{rng.choice(CUSTOMER_TITLES)} {name.given[0]}"]
            pairs.append(b.pair(person, titled, [listed_style(name, rng.choice(("eu", "un")))], True, "title"))
        else:
            origin = origins(("ar", 6), ("ru", 2), ("ua", 1), ("en", 1))
            person = b.person(origin)
            name = b.spelled(person, b.list_spelling(person))
            titled = name.copy()
            titled.given = [f"{rng.choice(LISTED_TITLES[origin])} {name.given[0]}"]
            pairs.append(b.pair(person, name, [listed_style(titled, rng.choice(("eu", "un", "plain")))], True,
                                "title"))  # fmt: skip

    # Legal forms: abbreviated, spelled out, in another language, or left out.
    made = 0
    countries = ("ru", "de", "pl", "fr", "es", "gb", "us", "ae", "cn", "hk", "cy", "tr", "it", "nl")
    while made < POSITIVE_COUNTS["legal_form"]:
        country = countries[made % len(countries)]
        core, form = b.company_core(country)
        if not b.unseen("lf", core):
            continue
        a, c = rng.sample(range(5), 2)
        listed = b.company_name(country, core, form, a, spelling="bgn")
        if rng.random() < 0.2:  # the customer without the form
            customer = core if country != "ru" else romanise(core, "bgn")
        else:
            customer = b.company_name(country, core, form, c, spelling="bgn")
        if customer == listed:
            continue
        if rng.random() < 0.3:
            listed = listed.upper()
        pairs.append(b.company_pair(country, customer, [listed], True, "legal_form"))
        made += 1

    # Two variants at once.
    for _ in range(POSITIVE_COUNTS["combined"]):
        person = b.person(origins(("ru", 5), ("ua", 2), ("ar", 6), ("zh", 2), ("es", 3), ("de", 2), ("pl", 2),
                                  ("en", 2)))  # fmt: skip
        listed_spelling = b.list_spelling(person)
        listed_name = b.spelled(person, listed_spelling)
        kinds = ["transliteration", "missing_middle", "order", "typo", "accents", "initials"]
        if person.origin not in ("ru", "ua", "ar", "zh"):
            kinds.remove("transliteration")
        if not person.middle and person.origin != "es":
            kinds.remove("missing_middle")
        chosen = rng.sample(kinds, 2)
        customer_name = listed_name.copy()
        style = "family_first" if person.origin == "zh" else rng.choice(("eu", "un"))
        for kind in chosen:
            if kind == "transliteration":
                spelled = b.spelled(person, b.customer_spelling(person, listed_spelling))
                customer_name = Name(spelled.given, spelled.middle if customer_name.middle else [], spelled.family)
            elif kind == "missing_middle":
                if person.origin == "es":
                    customer_name.family = customer_name.family[:1]
                else:
                    customer_name.middle = []
            elif kind == "order":
                if person.origin == "zh":
                    style = "family_first"
                else:
                    style = rng.choice(("ofac", "family_first"))
            elif kind == "typo":
                customer_name = typo_in(rng, customer_name)
            elif kind == "accents":
                customer_name = Name(
                    [strip_accents(x, True) for x in customer_name.given],
                    [strip_accents(x, True) for x in customer_name.middle],
                    [strip_accents(x, True) for x in customer_name.family],
                )
            elif kind == "initials":
                customer_name.given = [initials(" ".join(customer_name.given))]
        pairs.append(b.pair(person, customer_name, [listed_style(listed_name, style)], True, "combined"))

    # --- Hard negatives --------------------------------------------------------------------

    # The same surname, another given name: relatives mostly (the same patronymic or father's
    # name at times, the same nationality).
    for _ in range(NEGATIVE_COUNTS["neg_same_surname"]):
        person = b.person(origins(*any_origin))
        spelling = b.list_spelling(person)
        listed_name = b.spelled(person, spelling)
        relative = b.person(person.origin, middle=bool(person.middle))
        relative.family = person.family if relative.female == person.female else relative.family
        if relative.female != person.female:
            relative.female = person.female
            relative.given = b.person(person.origin).given if False else relative.given
        relative.family = person.family
        if person.origin == "zh" and relative.given == person.given:
            relative.given = [rng.choice([g for g in ZH_GIVEN if g != person.given[0]])]
        if relative.given == person.given:
            continue
        if rng.random() < 0.4:
            relative.middle = list(person.middle)  # a brother or sister
        customer_name = b.spelled(relative, spelling)
        if person.origin != "zh" and rng.random() < 0.6:
            customer_name.middle = []
        style = "family_first" if person.origin == "zh" else rng.choice(("eu", "un", "ofac"))
        pairs.append(b.pair(person, customer_name, [listed_style(listed_name, style)], False, "neg_same_surname"))

    # The same given name, another surname.
    made = 0
    while made < NEGATIVE_COUNTS["neg_same_given"]:
        person = b.person(origins(*any_origin))
        other = b.person(person.origin, middle=False)
        if other.family == person.family:
            continue
        other.given, other.female = list(person.given), person.female
        if person.origin in ("ru", "ua", "pl") and person.female:
            other.family = [feminine(other.family[0], person.origin)]
        spelling = b.list_spelling(person)
        listed_name, customer_name = b.spelled(person, spelling), b.spelled(other, spelling)
        style = "family_first" if person.origin == "zh" else rng.choice(("eu", "un", "ofac"))
        pairs.append(b.pair(person, customer_name, [listed_style(listed_name, style)], False, "neg_same_given"))
        made += 1

    # A similar company of another name.
    made = 0
    while made < NEGATIVE_COUNTS["neg_company"]:
        country = rng.choice(("ru", "ru", "de", "pl", "fr", "es", "gb", "us", "ae", "ae", "cn", "cn", "hk", "cy", "tr"))
        core, form = b.company_core(country)
        other, _ = b.company_core(country)
        words, other_words = core.split(), other.split()
        draw = rng.random()
        if country == "ru" and " " not in core:
            stems = [s.lower() for s in RU_COMPANY_STEMS]
            first = next((s for s in stems if core.lower().startswith(s)), stems[0])
            other = (first + rng.choice([s for s in stems if s != first and not core.lower().endswith(s)])).capitalize()
            if rng.random() < 0.4:
                other = core + rng.choice(("инвест", "сервис", "снаб", "торг", "строй"))
        elif draw < 0.5 and len(words) > 1 and len(other_words) > 1:
            # Another company with the same distinctive word, or the same generic words.
            keep = rng.randrange(len(words))
            other = " ".join(w if i == keep or i >= len(other_words) else other_words[i] for i, w in enumerate(words))
        if other.lower() == core.lower():
            continue
        a, c = rng.randrange(5), rng.randrange(5)
        listed = b.company_name(country, core, form, a)
        customer = b.company_name(country, other, form, c)
        pairs.append(b.company_pair(country, customer, [listed], False, "neg_company"))
        made += 1

    # Namesakes: the same (common) name, another birth date or nationality.
    for index in range(NEGATIVE_COUNTS["neg_namesake"]):
        origin = origins(("ru", 5), ("ar", 5), ("zh", 4), ("es", 4), ("en", 4), ("de", 3), ("fr", 2), ("pl", 3))
        person = b.person(origin, common=True)
        spelling = b.list_spelling(person)
        name = b.spelled(person, spelling)
        customer_name = name.copy()
        customer_name.middle = [] if rng.random() < 0.6 else customer_name.middle
        listed_born: tuple[str, ...] = (person.born,) if rng.random() < 0.75 else (person.born[:4],)
        listed_nat: tuple[str, ...] = (person.nationality,) if rng.random() < 0.7 else ()
        year = int(person.born[:4])
        other_year = year + rng.choice((-1, 1)) * rng.randint(3, 25)
        customer_born = (f"{other_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",)
        customer_nat: tuple[str, ...] = (person.nationality,)
        case = index % 6
        if case in (2, 3):  # another birth date and nationality
            customer_nat = (rng.choice(OTHER_NATIONALITY[origin]),)
            listed_nat = (person.nationality,)
        elif case == 4:  # born the same year, on another day
            customer_born = (f"{year}-{(int(person.born[5:7]) + 5) % 12 + 1:02d}-{rng.randint(1, 28):02d}",)
            listed_born = (person.born,)
        elif case == 5:  # another nationality, the list's birth date unknown
            customer_nat = (rng.choice(OTHER_NATIONALITY[origin]),)
            listed_nat, listed_born = (person.nationality,), ()
        style = "family_first" if origin == "zh" else rng.choice(("eu", "un", "ofac"))
        pairs.append(
            Pair(
                customer_person(customer_name, customer_born, customer_nat),
                listed_person([(listed_style(name, style), False)], listed_born, listed_nat),
                False,
                "neg_namesake",
                origin,
            )
        )
    return pairs


PAIRS = build()

CATEGORIES = tuple(POSITIVE_COUNTS) + tuple(NEGATIVE_COUNTS)


if __name__ == "__main__":
    for pair in PAIRS:
        customer = " | ".join(name for name, _ in pair.customer.names)
        listed = " | ".join(name + (" (weak)" if weak else "") for name, weak in pair.listed.names)
        print(
            f"{pair.category:17} {pair.origin:7} {'SAME' if pair.same else 'diff'}  {customer}"
            f" {list(pair.customer.birth_dates)}{list(pair.customer.countries)}  ~  {listed}"
            f" {list(pair.listed.birth_dates)}{list(pair.listed.countries)}"
        )
    print(f"{len(PAIRS)} pairs: {sum(p.same for p in PAIRS)} same, {sum(not p.same for p in PAIRS)} different")
