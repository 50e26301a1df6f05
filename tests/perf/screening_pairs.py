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


def letters(changes: str = "") -> dict:
    """``_BASE`` with ``changes`` ("в=w ж=sch", "ь=" for nothing)."""
    return {**_BASE, **dict(change.split("=") for change in changes.split())}


SYSTEMS = {
    # BGN/PCGN without its apostrophes: the lists' usual spelling (Yevgeniy, Yuriy, Solovyov).
    "bgn": System(letters("ё=yo"), {"е": "ye", "ё": "yo"}, {"ий": "iy", "ый": "yy"}),
    # The press's simplified BGN (Yevgeny, Yury, Dmitry).
    "common": System(letters("ё=yo"), {"е": "ye", "ё": "yo"}, {"ий": "y", "ый": "y"}),
    # ICAO 9303, Russian passports since 2013 (Iurii, Dmitrii, Natalia, Aleksei).
    "icao": System(letters("й=i ю=iu я=ia ъ=ie")),
    # Russian passports 1997–2010 (Yuriy, Sergey, Natalya).
    "mvd": System(letters(), {}, {"ий": "iy"}),
    # German (Duden): documents issued in Germany (Jewgeni, Juri, Schtscherbakow).
    "german": System(
        letters("в=w ж=sch з=s й=i х=ch ц=z ч=tsch ш=sch щ=schtsch ю=ju я=ja ё=jo"),
        {"е": "je", "ё": "jo"},
        {"ий": "i", "ый": "y"},
        double_s=True,
        ks="x",
    ),
    # French: documents issued in France (Evgueni, Iouri, Chtcherbakov).
    "french": System(
        letters("ж=j й=i у=ou ч=tch ш=ch щ=chtch ю=iou я=ia ё=io"),
        {},
        {"ий": "i", "ый": "y"},
        double_s=True,
        before_soft={"г": "gu"},
    ),
    # Ukraine's official system (2010): Oleksandr, Serhii, Andrii, Yuliia.
    "ua_official": System(
        letters("г=h и=y є=ie ї=i й=i ю=iu я=ia"), {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
    ),
    # Before 2010 and in the press: Serhiy, Andriy, Yuliya.
    "ua_common": System(letters("г=h и=y ї=yi"), {}, {"ій": "iy"}),
    # A Russian-speaking clerk reading Ukrainian spelling: Sergiy, Volodimir, Melnik.
    "ua_russian": System(letters("и=i ї=yi"), {"е": "ye"}, {"ій": "iy"}),
    # German spelling of Ukrainian names: Wolodymyr, Serhij, Schewtschenko.
    "ua_german": System(
        letters("г=h в=w ж=sch з=s и=y й=j х=ch ц=z ч=tsch ш=sch щ=schtsch ю=ju я=ja є=je ї=ji"), {}, {"ій": "ij"}
    ),
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


def words(text: str) -> list[str]:
    return text.split()


RU_MALE = words(
    "Александр Алексей Андрей Аркадий Борис Вадим Валерий Василий Виктор Владимир Вячеслав Геннадий "
    "Георгий Григорий Дмитрий Евгений Игорь Илья Кирилл Константин Леонид Максим Михаил Николай Олег "
    "Павел Пётр Роман Сергей Станислав Юрий Фёдор Анатолий Тимур Артём Эдуард"
)
RU_FEMALE = words(
    "Анна Валентина Галина Екатерина Елена Ирина Ксения Людмила Марина Мария Наталья Ольга Светлана "
    "Татьяна Юлия Евгения Дарья Алёна Наталия Юлиана"
)
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
RU_SURNAMES = words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
    "Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Фролов Журавлёв "
    "Щербаков Жуков Хрущёв Чернышёв Шувалов Юсупов Царёв Дерябин Ткачёв Шестаков Гаврилов Потанин "
    "Усманов Ротенберг Абрамович Черкасов Железняк Горбунов Белоусов Высоцкий Каменский Тимченко "
    "Ковальчук Дерипаска Сечин Чемезов Шойгу Миллер Евтушенков"
)
UA_MALE = words(
    "Олександр Володимир Сергій Андрій Олексій Микола Юрій Дмитро Михайло Віктор Євген Григорій Петро Василь "
    "Богдан Тарас Ігор Олег Павло Іван"
)
UA_FEMALE = words("Олена Наталія Тетяна Юлія Оксана Ірина Світлана Ганна Людмила Марія")
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
UA_SURNAMES = words(
    "Шевченко Ткаченко Бондаренко Коваленко Кравченко Олійник Мельник Шевчук Коваль Бойко Ткачук Кравчук "
    "Поліщук Лисенко Руденко Савченко Мороз Марченко Кузьменко Литвиненко Клименко Гончаренко Павленко "
    "Яценко Захарченко Янукович Азаров Медведчук Фірташ Коломойський Тимошенко Гриценко Ярошенко Дубинський"
)
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
ZH_SURNAMES = words(
    "wang li zhang liu chen yang huang zhao zhou wu xu sun zhu ma hu guo lin he gao luo zheng xie song tang "
    "deng cao zeng xiao dong cai jiang ye"
)
ZH_GIVEN = words(
    "ming jian guo zhi qiang wei jun yong hui xin jie hong qing de hua li xiao yu xuan zhen lei bo tao hai "
    "dong feng long ping fang yan na jing ying mei lan wen bin kai hao ning rong zhong guang xiang sheng qi"
)

# Latin-script origins: given names (male, female), middle names (male, female), surnames.
LATIN = {
    "de": (
        words(
            "Hans Jürgen Klaus Günther Wolfgang Stefan Michael Thomas Andreas Matthias Jörg Björn Uwe Dieter "
            "Karl-Heinz Hans-Peter Ulrich Rüdiger"
        ),
        words("Sabine Ursula Monika Renate Jutta Brigitte Anna-Lena Käthe Hannelore Jördis"),
        (words("Peter Friedrich Wilhelm Josef Karl Johannes"), words("Maria Elisabeth Luise Charlotte")),
        words(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter "
            "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Werner Krause Lehmann "
            "Köhler Groß Weiß Jäger Böhm Vogel Günther Fröhlich Schütz Voß Strauß"
        ),
    ),
    "fr": (
        words(
            "Jean Pierre François Michel Philippe Jérôme Benoît Stéphane Frédéric Jean-Pierre Jean-Luc Loïc "
            "Gérard Hervé André"
        ),
        words("Hélène Gaëlle Françoise Céline Élodie Marie-Claire Anne-Sophie Noémie Geneviève Béatrice"),
        (words("Louis Joseph Henri Paul Jacques Marie"), words("Marie Claire Louise Anne")),
        words(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel "
            "David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet Legrand Garnier "
            "Faure Rousseau Blanc Guérin Perrin Morin Mathieu Clément Gauthier Dumont Fontaine Chevalier Bénard "
            "Lemaître Lécuyer Pétain"
        ),
    ),
    "es": (
        words("José Juan Antonio Manuel Francisco Javier Jesús Ángel Carlos Miguel Rafael Alejandro"),
        words("María Carmen Ana Lucía Pilar Dolores Inés Begoña Mercedes Rocío"),
        ((), ()),
        words(
            "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández "
            "Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Ramírez "
            "Serrano Núñez Ibáñez Peña Suárez Ortega Castillo Márquez Cortés Benítez Sáez Durán Quintero"
        ),
    ),
    "pl": (
        words(
            "Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Grzegorz Łukasz Wojciech Jakub Mateusz Stanisław "
            "Zbigniew Jerzy"
        ),
        words("Anna Katarzyna Małgorzata Agnieszka Barbara Ewa Magdalena Joanna Żaneta Beata"),
        (words("Jan Józef Andrzej Marian"), words("Maria Anna Zofia Teresa")),
        words(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
            "Dąbrowski Kozłowski Jankowski Mazur Wojciechowski Kwiatkowski Krawczyk Kaczmarek Piotrowski "
            "Grabowski Zając Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Stępień Bąk Sokołowski "
            "Ziółkowski Przybylski Włodarczyk Kaźmierczak Brzęczyszczykiewicz"
        ),
    ),
    "en": (
        words(
            "John James Robert Michael William David Richard Thomas Charles Christopher Daniel Matthew Anthony "
            "Mark Paul Steven Andrew Kenneth Kevin Brian"
        ),
        words("Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Margaret Emily"),
        (words("Robert James Edward Alan Michael Patrick"), words("Louise Anne Elizabeth Marie Jane")),
        words(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin "
            "Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams "
            "Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart "
            "Morris Murphy O'Brien O'Connor McDonald MacLeod Fitzgerald"
        ),
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
    "it": ("CH", "DE"),
    "tr": ("DE", "NL", "AT"),
}
HOME = {"ru": ("RU",), "ua": ("UA",), "ar": AR_COUNTRIES, "zh": ("CN",), **{k: (v,) for k, v in LATIN_COUNTRY.items()}}

# Titles where they are written into the name: customers' ID cards (Germany's "Dr."), forms
# ("Mr", "Mrs"), and lists' religious and military ones.
CUSTOMER_TITLES = {  # (a man's, a woman's)
    "de": (
        ("Dr.", "Prof. Dr.", "Dr. med.", "Dipl.-Ing.", "Herr"),
        ("Dr.", "Prof. Dr.", "Dr. med.", "Dipl.-Ing.", "Frau"),
    ),
    "en": (("Mr", "Dr", "Sir", "Prof."), ("Mrs", "Ms", "Dr", "Dame")),
    "fr": (("M.", "Dr", "Maître"), ("Mme", "Dr", "Maître")),
    "pl": (("Dr", "dr inż.", "prof. dr hab.", "Pan"), ("Dr", "dr inż.", "Pani")),
}
LISTED_TITLES = {  # (a man's, a woman's)
    "ar": (("Sheikh", "Haji", "Mullah", "Maulawi", "Dr.", "Imam", "Hajji", "Shaykh"), ("Dr.", "Hajja")),
    "ru": (("General", "Colonel", "Dr."), ("Dr.", "Colonel")),
    "ua": (("General", "Colonel"), ("Colonel",)),
    "en": (("Dr.", "Sir", "Rev."), ("Dr.", "Dame", "Rev.")),
}

# --- Companies ---------------------------------------------------------------------------------

RU_COMPANY_STEMS = words(
    "Строй Газ Нефть Пром Энерго Техно Транс Сиб Урал Мет Агро Рос Спец Монтаж Инвест Сервис Снаб Торг "
    "Экспорт Импорт Маш Авто Лес Хим Сталь Флот Логистик Ресурс"
)
RU_COMPANY_PHRASES = (
    "Северная верфь",
    "Балтийский завод",
    "Уральский турбинный завод",
    "Уральский трубный завод",
    "Волжский трубный завод",
    "Южная энергетическая компания",
    "Сибирская энергетическая компания",
    "Сибирская угольная компания",
    "Дальневосточное морское пароходство",
    "Северное морское пароходство",
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
# (template, activities, distinctive words) per country: {surname} and {word} are a company's
# distinctive part, {activity} its trade.
COMPANY_PATTERNS = {
    "de": (
        ("{surname} {activity}", ("Maschinenbau", "Logistik", "Handel", "Bau", "Immobilien", "Spedition"), ()),
        ("{word} {activity}", ("Handel", "Logistik", "Energie", "Anlagenbau"),
         ("Nordwest", "Rheinland", "Elbe", "Hansa", "Alpen", "Südstern")),
    ),
    "pl": (
        ("{surname} {activity}", ("Budownictwo", "Transport", "Handel", "Logistyka", "Energetyka", "Instalacje"), ()),
        ("Przedsiębiorstwo Handlowe {word}", (), ("Polmar", "Transbud", "Elmex", "Agropol", "Metalex", "Drewbud")),
    ),
    "fr": (
        ("Transports {surname}", (), ()),
        ("{surname} et Fils", (), ()),
        ("{surname} {activity}", ("Immobilier", "Négoce", "Bâtiment", "Électricité Générale"), ()),
        ("Société Nouvelle {word}", (), ("Armor", "Provence", "Atlantique", "Rhône", "Côte d'Opale")),
    ),
    "es": (
        ("{surname} Hermanos", (), ()),
        ("Construcciones {surname}", (), ()),
        ("Inversiones {word}", (), ("Andina", "Ibérica", "Atlántica", "Levante", "del Sur")),
        ("Transportes {surname} {surname2}", (), ()),
    ),
    "gb": (
        ("{word} {activity}", ("Trading", "Holdings", "Shipping", "Marine Services", "Capital Partners"),
         ("Albion", "Meridian", "Sterling", "Blackstone", "Northgate", "Harbour", "Crown", "Pennine", "Oakwood")),
    ),
    "us": (
        ("{word} {activity}", ("Technologies", "Capital", "Aviation", "Energy Resources", "Industries"),
         ("Liberty", "Summit", "Apex", "Frontier", "Pioneer", "Keystone", "Granite", "Redwood", "Beacon")),
    ),
    "ae": (
        ("Al {word} General Trading", (), ("Noor", "Fajr", "Amal", "Baraka", "Rawabi", "Waha", "Khaleej", "Reem")),
        ("{word} {activity}", ("Petroleum", "Marine Services", "Shipping", "Gold Trading"),
         ("Gulf Falcon", "Emirates Star", "Oasis", "Horizon", "Pearl", "Desert Rose")),
    ),
    "cn": (
        ("{city} {word} {activity}", ("Technology", "Trading", "Electronics", "Shipping", "Import and Export"),
         ("Huaxin", "Jinpeng", "Hengtong", "Xinda", "Haitai", "Ruida", "Tianyi", "Yongsheng", "Hongda", "Huaxing")),
    ),
    "hk": (
        ("{word} {activity}", ("International Trading", "Holdings", "Shipping", "Electronics"),
         ("Longxiang", "Shengtai", "Zhongxin", "Jinhai", "Tianli", "Hengda", "Dongfang", "Wah Fung", "Kin Wah")),
    ),
    "cy": (
        ("{word} {activity}", ("Holdings", "Investments", "Shipping", "Trading"),
         ("Lanvale", "Fortelis", "Brenton", "Kition", "Ermis", "Troodos", "Zenon", "Amathus")),
    ),
    "tr": (
        ("{word} Dış Ticaret", (), ("Anadolu", "Ege", "Marmara", "Karadeniz", "Akdeniz", "Yıldız", "Doğan", "Güneş")),
        ("{word} {activity}", ("İnşaat", "Tekstil", "Gıda", "Enerji"), ("Anadolu", "Ege", "Marmara", "Yıldız")),
    ),
    "it": (("{surname} {activity}", ("Costruzioni", "Impianti", "Trasporti", "Commercio"), ()),),
    "nl": (
        ("{word} {activity}", ("Trading", "Shipping", "Holding", "Logistics"),
         ("Oranje", "Noordzee", "Delta", "Rijn", "Zeeland")),
    ),
}  # fmt: skip
ZH_CITIES = ("Shenzhen", "Dalian", "Ningbo", "Xiamen", "Guangzhou", "Tianjin", "Qingdao", "Zhuhai")
IT_SURNAMES = words("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti")


# --- Building blocks ------------------------------------------------------------------------


@dataclass
class Person:
    """A person as they are: given names, middle names (patronymic, father's and grandfather's
    names, second given names), family names; in Cyrillic for Russians and Ukrainians, as keys of
    ``AR_GIVEN`` / ``AR_FAMILY`` for Arabic names, as pinyin syllables for Chinese ones."""

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
    text = text.replace("ß", "ss").replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


class Builder:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.used: set[tuple] = set()

    def unseen(self, *key) -> bool:
        """Whether ``key`` is new (a subject is used once per category)."""
        if key in self.used:
            return False
        self.used.add(key)
        return True

    # --- people ---------------------------------------------------------------------------

    def birth_date(self) -> str:
        rng = self.rng
        return f"{rng.randint(1945, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def person(
        self, origin: str, *, middle: bool | None = None, common: bool = False, female: bool | None = None
    ) -> Person:
        """A person of ``origin``; ``middle``: with a patronymic / middle names / father's name
        (None: as often as the origin has them); ``common``: among the most frequent names."""
        rng = self.rng
        if female is None:
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
                males, females, surnames = males[:8], females[:6], surnames[:8]
            given = rng.choice(females if female else males)
            father = rng.choice(sorted(patronymics))
            family = rng.choice(surnames)
            if female:
                family = feminine(family, origin)
            parts = [patronymics[father][1 if female else 0]] if middle else []
            return Person(origin, [given], parts, [family], female, born, nationality)
        if origin == "ar":
            keys = ["muhammad", "ahmad", "ali", "hasan", "husayn", "umar", "khalid"] if common else list(AR_GIVEN)
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
            if rng.random() < 0.3 and not common:
                given = rng.choice([name for name in SPANISH_COMPOUNDS if name.startswith("Mar") == female])
            else:
                given = rng.choice(females if female else males)
            family = [rng.choice(surnames)] if common else rng.sample(surnames, 2)
            return Person(origin, [given], [], family, female, born, nationality)
        given = rng.choice(females if female else males)
        family = feminine(rng.choice(surnames), origin) if female else rng.choice(surnames)
        middles = middles[1 if female else 0]
        middles = [m for m in middles if m not in given.replace("-", " ").split()]
        parts = [rng.choice(middles)] if middle and middles else []
        return Person(origin, [given], parts, [family], female, born, nationality)

    def spelled(self, person: Person, system=None) -> Name:
        """``person``'s name in one spelling: a romanisation (or "cyrillic") for Cyrillic names;
        for Arabic ones the spelling of each part ({part: index}, 0 = the lists' usual one, or
        "arabic"); for Chinese ones ("pinyin" | "wg", "joined" | "hyphen" | "spaced"); Latin
        names as they are."""
        if person.origin in ("ru", "ua"):
            if system == "cyrillic":
                return Name(list(person.given), list(person.middle), list(person.family))
            return Name(
                [romanise(g, system) for g in person.given],
                [romanise(m, system) for m in person.middle],
                [romanise(f, system) for f in person.family],
            )
        if person.origin == "ar":
            choice = system if system is not None else {}

            def part(key: str) -> str:
                table = AR_GIVEN.get(key) or AR_FEMALE.get(key) or AR_FAMILY[key]
                if choice == "arabic":
                    return table[0]
                return table[1 + choice.get(key, 0) % (len(table) - 1)]

            return Name(
                [part(k) for k in person.given], [part(k) for k in person.middle], [part(k) for k in person.family]
            )
        if person.origin == "zh":
            romanisation, joining = system or ("pinyin", "joined")
            syllables = [s if romanisation == "pinyin" else ZH_WG[s] for s in person.given]
            if joining == "spaced":
                given = [s.capitalize() for s in syllables]
            elif joining == "hyphen":
                given = ["-".join(syllables).capitalize()]
            else:
                given = ["".join(syllables).capitalize()]
            family = person.family[0] if romanisation == "pinyin" else ZH_WG[person.family[0]]
            return Name(given, [], [family.capitalize()])
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
            return rng.choice([s for s in ("icao", "icao", "icao", "mvd", "german", "french", "common") if s != listed])
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
        year = int(person.born[:4])
        if draw < 0.60:
            listed_born = (person.born,)
        elif draw < 0.75:  # a year, approximate at times ("circa")
            listed_born = (str(year + (rng.choice((-1, 1)) if rng.random() < 0.3 else 0)),)
        elif draw < 0.80:
            listed_born = (person.born, str(year + rng.choice((-1, 1, 2))))
        listed_nat = (person.nationality,) if rng.random() < 0.6 else ()
        if same:
            born = person.born
            if rng.random() < 0.04:  # a data error: day and month swapped, or a digit mistyped
                y, m, d = born.split("-")
                digit = int(d[1]) + 1 if d[1] != "9" else 8
                born = f"{y}-{d}-{m}" if int(d) <= 12 and d != m else f"{y}-{m}-{d[0]}{digit}"
            customer_born = (born,) if rng.random() < 0.92 else ()
            nationality = person.nationality if rng.random() < 0.88 else rng.choice(OTHER_NATIONALITY[person.origin])
        else:  # another person: born any time, of the same country mostly
            customer_born = (self.birth_date(),) if rng.random() < 0.92 else ()
            nationality = person.nationality if rng.random() < 0.75 else rng.choice(OTHER_NATIONALITY[person.origin])
        nationalities: tuple[str, ...] = (nationality,) if rng.random() < 0.95 else ()
        if nationalities and rng.random() < 0.05:
            nationalities = (*nationalities, rng.choice(OTHER_NATIONALITY[person.origin]))
        return customer_born, nationalities, listed_born, listed_nat

    def extra_aliases(self, person: Person) -> list[tuple[str, bool]]:
        """What else lists give now and then: the name in its own script (EU, UN)."""
        rng = self.rng
        if person.origin in ("ru", "ua") and rng.random() < 0.35:
            return [(listed_style(self.spelled(person, "cyrillic"), "plain"), False)]
        if person.origin == "ar" and rng.random() < 0.3:
            return [(listed_style(self.spelled(person, "arabic"), "plain"), False)]
        return []

    def pair(
        self,
        person: Person,
        customer_name: Name,
        listed_names: list[str],
        same: bool,
        category: str,
        *,
        aliases: bool = True,
    ) -> Pair:
        customer_born, nationalities, listed_born, listed_nat = self.attributes(person, same)
        names = [(name, False) for name in listed_names] + (self.extra_aliases(person) if aliases else [])
        return Pair(
            customer_person(customer_name, customer_born, nationalities),
            listed_person(names, listed_born, listed_nat),
            same,
            category,
            person.origin,
        )

    # --- companies ------------------------------------------------------------------------

    def company(self, country: str) -> tuple[str, dict, int]:
        """A company of ``country``: its template, the values filled in, and its legal form's
        family (an index of ``COMPANY_FORMS[country]`` or ``RU_FORMS``)."""
        rng = self.rng
        if country == "ru":
            if rng.random() < 0.25:
                return "{phrase}", {"phrase": rng.choice(RU_COMPANY_PHRASES)}, rng.randrange(len(RU_FORMS))
            stems = rng.sample(RU_COMPANY_STEMS, rng.choice((2, 2, 3)))
            return "{stems}", {"stems": stems}, rng.randrange(len(RU_FORMS))
        template, activities, words = rng.choice(COMPANY_PATTERNS[country])
        values = {
            "activity": rng.choice(activities) if activities else "",
            "word": rng.choice(words) if words else "",
            "surname": self.company_surname(country),
            "surname2": self.company_surname(country),
            "city": rng.choice(ZH_CITIES),
        }
        return template, values, rng.randrange(len(COMPANY_FORMS[country]))

    def company_surname(self, country: str) -> str:
        if country == "it":
            return self.rng.choice(IT_SURNAMES)
        source = {"de": "de", "pl": "pl", "fr": "fr", "es": "es"}.get(country, "en")
        return self.rng.choice(LATIN[source][3])

    def another_company(self, country: str, template: str, values: dict) -> dict | None:
        """A similar company's values: one part of the name changed (its distinctive word, or its
        trade), or for a Russian name one stem (Neftegazstroy, Neftegazservis)."""
        rng = self.rng
        other = dict(values)
        if template == "{stems}":
            stems = list(values["stems"])
            if rng.random() < 0.4:
                stems.append(rng.choice([s for s in ("Инвест", "Сервис", "Снаб", "Торг", "Строй") if s not in stems]))
            else:
                index = rng.randrange(len(stems))
                stems[index] = rng.choice([s for s in RU_COMPANY_STEMS if s not in stems])
            other["stems"] = stems
            return other
        if template == "{phrase}":
            words_of = set(values["phrase"].lower().split())
            similar = [p for p in RU_COMPANY_PHRASES if p != values["phrase"] and words_of & set(p.lower().split())]
            other["phrase"] = rng.choice(similar)
            return other
        _, activities, words = next(p for p in COMPANY_PATTERNS[country] if p[0] == template)
        slots = [slot for slot in ("surname", "word") if "{" + slot + "}" in template]
        if activities and "{activity}" in template:
            slots.append("activity")
        slot = rng.choice(slots)
        pool = {"activity": activities, "word": words}.get(slot) or LATIN[
            {"de": "de", "pl": "pl", "fr": "fr", "es": "es"}.get(country, "en")
        ][3]
        if country == "it" and slot == "surname":
            pool = IT_SURNAMES
        choices = [value for value in pool if value != values[slot]]
        if not choices:
            return None
        other[slot] = rng.choice(choices)
        return other

    def company_name(self, country: str, template: str, values: dict, form: int, variant: int, *,
                     spelling: str = "bgn", mangle=None) -> str:  # fmt: skip
        """The company's name with legal form ``variant`` of its family ``form``; Russian names
        romanised by ``spelling`` (or "cyrillic": ООО «…»); ``mangle`` applied to the name without
        the form (a typo)."""
        if country == "ru":
            core = "".join(values["stems"]).lower().capitalize() if template == "{stems}" else values["phrase"]
            forms = RU_FORMS[form]
            if spelling == "cyrillic":
                text, pattern = core, forms[1]
            else:
                text, pattern = romanise(core, spelling), forms[2 + variant % (len(forms) - 2)]
            return pattern.format(mangle(text) if mangle else text)
        core = " ".join(template.format(**values).split())
        forms = COMPANY_FORMS[country][form]
        return f"{mangle(core) if mangle else core} {forms[variant % len(forms)]}"

    def company_pair(self, country: str, customer: str, listed: list[str], same: bool, category: str) -> Pair:
        rng = self.rng
        home = COMPANY_COUNTRY[country]
        elsewhere = ("CY", "AE", "HK", "GB", "TR", "NL")
        mine = home if rng.random() < (0.85 if same else 0.7) else rng.choice(elsewhere)
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
    if origin not in ("ru", "ua"):
        return surname
    endings = (("ский", "ская"), ("ський", "ська"), ("ой", "ая"), ("ов", "ова"), ("ёв", "ёва"), ("ев", "ева"))
    for male, female in (*endings, ("ин", "ина")):
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
    """One slip on the keyboard: a neighbouring key, a letter dropped, doubled, or two swapped."""
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
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def typo_in_text(rng: random.Random, text: str) -> str:
    """A typo in one of the words of ``text``, a longer word more likely."""
    words = text.split(" ")
    which = rng.choices(range(len(words)), weights=[len(w) for w in words])[0]
    words[which] = typo(rng, words[which])
    return " ".join(words)


def typo_in(rng: random.Random, name: Name) -> Name:
    name = name.copy()
    slots = [(part, index) for part in ("given", "middle", "family") for index in range(len(getattr(name, part)))]
    weights = [len(getattr(name, part)[index]) for part, index in slots]
    part, index = rng.choices(slots, weights=weights)[0]
    getattr(name, part)[index] = typo_in_text(rng, getattr(name, part)[index])
    return name


def initials(text: str, *, dots: bool = True) -> str:
    parts = [p for p in text.replace("-", " ").split(" ") if p]
    return " ".join(p[0].upper() + ("." if dots else "") for p in parts)


def without_accents(name: Name, german: bool) -> Name:
    return Name(
        [strip_accents(x, german) for x in name.given],
        [strip_accents(x, german) for x in name.middle],
        [strip_accents(x, german) for x in name.family],
    )


# --- The categories ------------------------------------------------------------------------------

LATIN_ORIGINS = (("de", 3), ("fr", 3), ("es", 3), ("pl", 3), ("en", 3))
ANY_ORIGIN = (("ru", 4), ("ua", 2), ("ar", 4), ("zh", 2), *LATIN_ORIGINS)
COMPANY_COUNTRIES = ("ru", "de", "pl", "fr", "es", "gb", "us", "ae", "cn", "hk", "cy", "tr", "it", "nl")


def build(seed: int = SEED) -> list[Pair]:
    b = Builder(seed)
    rng = b.rng
    pairs: list[Pair] = []

    def origin_of(weighted) -> str:
        values, weights = zip(*weighted, strict=True)
        return rng.choices(values, weights=weights)[0]

    def style_for(person: Person, *styles: str) -> str:
        return "family_first" if person.origin == "zh" else rng.choice(styles or ("eu", "un", "plain"))

    # Transliteration: the customer's documents spell the name otherwise than the list does.
    while sum(p.category == "transliteration" for p in pairs) < POSITIVE_COUNTS["transliteration"]:
        if sum(p.category == "transliteration" and p.origin == "org-ru" for p in pairs) < 4:
            template, values, form = b.company("ru")
            theirs = rng.choice(("bgn", "icao"))
            mine = rng.choice([s for s in ("icao", "german", "french", "common", "mvd") if s != theirs])
            variant = rng.randrange(4)
            customer = b.company_name("ru", template, values, form, variant, spelling=mine)
            listed = b.company_name("ru", template, values, form, variant, spelling=theirs)
            if customer != listed and b.unseen("transliteration", str(values)):
                pairs.append(b.company_pair("ru", customer, [listed], True, "transliteration"))
            continue
        person = b.person(origin_of((("ru", 14), ("ua", 8), ("ar", 16), ("zh", 6))))
        if person.origin == "ua" and rng.random() < 0.35:
            # A Russian document of a Ukrainian: the Russian form of the given name; the list
            # has the Ukrainian one only.
            listed_name = b.spelled(person, "ua_official")
            listed_name.middle = []
            russian = Person("ru", [UA_TO_RU_GIVEN[person.given[0]]], [], [])
            customer_name = Name(b.spelled(russian, "icao").given, [], b.spelled(person, "ua_russian").family)
        else:
            theirs = b.list_spelling(person)
            listed_name = b.spelled(person, theirs)
            customer_name = b.spelled(person, b.customer_spelling(person, theirs))
        listed = listed_style(listed_name, "plain")
        if listed_style(customer_name, "plain").lower() == listed.lower() or not b.unseen("transliteration", listed):
            continue
        pairs.append(
            b.pair(person, customer_name, [listed_style(listed_name, style_for(person))], True, "transliteration")
        )

    # Cyrillic against Latin letters.
    while sum(p.category == "cyrillic" for p in pairs) < POSITIVE_COUNTS["cyrillic"]:
        person = b.person(origin_of((("ru", 17), ("ua", 7))))
        latin, cyrillic = b.spelled(person, b.list_spelling(person)), b.spelled(person, "cyrillic")
        if not b.unseen("cyrillic", listed_style(latin, "plain")):
            continue
        if rng.random() < 0.6:  # the customer's name in Cyrillic; the list's in Latin letters only
            listed_names = [listed_style(latin, rng.choice(("eu", "un", "plain")))]
            pairs.append(b.pair(person, cyrillic, listed_names, True, "cyrillic", aliases=False))
        else:  # the customer's in a German or French spelling; the list's in Latin and Cyrillic
            customer_name = b.spelled(
                person, rng.choice(("german", "french")) if person.origin == "ru" else "ua_german"
            )
            listed_names = [listed_style(latin, rng.choice(("eu", "un"))), listed_style(cyrillic, "plain")]
            pairs.append(b.pair(person, customer_name, listed_names, True, "cyrillic", aliases=False))

    # Order: "LAST, First", family name first, or the customer's fields swapped.
    for _ in range(POSITIVE_COUNTS["order"]):
        person = b.person(origin_of(ANY_ORIGIN))
        name = b.spelled(person, b.list_spelling(person))
        draw = rng.random()
        if person.origin == "zh":  # "Xiaoming Zhang" as a European form writes it
            customer_name, listed = name, listed_style(name, rng.choice(("family_first", "ofac")))
        elif draw < 0.45:
            customer_name, listed = name, listed_style(name, "ofac")
        elif draw < 0.75:
            customer_name, listed = name, listed_style(name, "family_first")
        else:  # the family name typed into the first-name field
            customer_name = Name(name.family, name.middle, name.given)
            listed = listed_style(name, rng.choice(("eu", "un")))
        pairs.append(b.pair(person, customer_name, [listed], True, "order"))

    # Initials, mostly on the customer's side.
    for _ in range(POSITIVE_COUNTS["initials"]):
        person = b.person(origin_of((("de", 3), ("fr", 3), ("es", 2), ("pl", 3), ("en", 6), ("ru", 3))), middle=True)
        name = b.spelled(person, b.list_spelling(person))
        short = name.copy()
        draw = rng.random()
        if draw < 0.4 or not name.middle:  # J. Smith, J. R. Smith
            short.given = [initials(" ".join(name.given))]
            short.middle = [initials(" ".join(name.middle))] if name.middle and rng.random() < 0.6 else []
        elif draw < 0.75:  # John R. Smith
            short.middle = [initials(" ".join(name.middle))]
        else:  # SIDOROV I.P., SMITH J R
            dots = rng.random() < 0.7
            short.given = [initials(" ".join(name.given), dots=dots)]
            short.middle = [initials(" ".join(name.middle), dots=dots)]
        if rng.random() < 0.8:
            listed = listed_style(name, rng.choice(("eu", "un", "ofac")))
            pairs.append(b.pair(person, short, [listed], True, "initials"))
        else:  # the list with initials (an old listing)
            pairs.append(b.pair(person, name, [listed_style(short, rng.choice(("eu", "ofac")))], True, "initials"))

    # Missing middle names: patronymic, middle names, father's name, second surname.
    for _ in range(POSITIVE_COUNTS["missing_middle"]):
        origin = origin_of((("ru", 6), ("ua", 3), ("ar", 7), ("es", 5), ("en", 3), ("de", 3), ("fr", 3)))
        person = b.person(origin, middle=origin != "es")
        name = b.spelled(person, b.list_spelling(person))
        shorter = name.copy()
        if origin == "es":
            shorter.family = shorter.family[:1]
        else:
            shorter.middle = []
        if rng.random() < 0.8:  # the customer without them
            listed = listed_style(name, rng.choice(("eu", "un", "ofac")))
            pairs.append(b.pair(person, shorter, [listed], True, "missing_middle"))
        else:  # the list without them
            listed = listed_style(shorter, rng.choice(("eu", "un")))
            pairs.append(b.pair(person, name, [listed], True, "missing_middle"))

    # Typos: on the customer's side mostly, now and then the list's; companies too.
    for index in range(POSITIVE_COUNTS["typo"]):
        if index % 4 == 3:
            country = rng.choice(("de", "pl", "fr", "es", "gb", "us", "ae", "cn", "ru", "cy", "tr"))
            template, values, form = b.company(country)
            variant = rng.randrange(3)
            listed = b.company_name(country, template, values, form, variant)
            state = rng.getstate()
            customer = b.company_name(country, template, values, form, variant, mangle=lambda t: typo_in_text(rng, t))
            if customer == listed:
                rng.setstate(state)
                customer = b.company_name(country, template, values, form, variant, mangle=lambda t: t + "s")
            pairs.append(b.company_pair(country, customer, [listed], True, "typo"))
            continue
        person = b.person(origin_of(ANY_ORIGIN))
        name = b.spelled(person, b.list_spelling(person))
        slipped = typo_in(rng, name)
        if rng.random() < 0.2:
            slipped = typo_in(rng, slipped)  # two
        style = style_for(person)
        if rng.random() < 0.75:
            pairs.append(b.pair(person, slipped, [listed_style(name, style)], True, "typo"))
        else:
            pairs.append(b.pair(person, name, [listed_style(slipped, style)], True, "typo"))

    # Accents: diacritics dropped (lists in ASCII, forms without them) or spelled out (ü → ue).
    while sum(p.category == "accents" for p in pairs) < POSITIVE_COUNTS["accents"]:
        if sum(p.category == "accents" for p in pairs) % 6 == 5:
            country = rng.choice(("fr", "pl", "de", "es", "tr"))
            template, values, form = b.company(country)
            accented = b.company_name(country, template, values, form, rng.randrange(3))
            plain = strip_accents(accented, german=country == "de" and rng.random() < 0.5).upper()
            if plain.lower() != accented.lower():
                pairs.append(b.company_pair(country, accented, [plain], True, "accents"))
            continue
        person = b.person(origin_of((("de", 3), ("fr", 3), ("es", 3), ("pl", 3))))
        name = b.spelled(person)
        stripped = without_accents(name, german=person.origin == "de" and rng.random() < 0.6)
        if stripped == name:
            continue
        if rng.random() < 0.6:  # the customer with accents, the list without (OFAC is ASCII)
            listed = listed_style(stripped, rng.choice(("un", "eu", "ofac")))
            pairs.append(b.pair(person, name, [listed], True, "accents"))
        else:  # the customer from a document's machine-readable zone, the list with accents
            pairs.append(b.pair(person, stripped, [listed_style(name, "eu")], True, "accents"))

    # Titles written into the name: the customer's ("Dr." on a German ID card), the list's.
    for _ in range(POSITIVE_COUNTS["title"]):
        if rng.random() < 0.5:
            person = b.person(origin_of((("de", 5), ("fr", 1), ("en", 3), ("pl", 1))))
            name = b.spelled(person)
            titled = name.copy()
            titled.given = [f"{rng.choice(CUSTOMER_TITLES[person.origin][person.female])} {name.given[0]}"]
            pairs.append(b.pair(person, titled, [listed_style(name, rng.choice(("eu", "un")))], True, "title"))
        else:
            person = b.person(origin_of((("ar", 6), ("ru", 2), ("ua", 1), ("en", 1))))
            name = b.spelled(person, b.list_spelling(person))
            titled = name.copy()
            titled.given = [f"{rng.choice(LISTED_TITLES[person.origin][person.female])} {name.given[0]}"]
            listed = listed_style(titled, rng.choice(("eu", "un", "plain")))
            pairs.append(b.pair(person, name, [listed], True, "title"))

    # Legal forms: abbreviated, spelled out, in another language, or left out.
    while sum(p.category == "legal_form" for p in pairs) < POSITIVE_COUNTS["legal_form"]:
        country = COMPANY_COUNTRIES[sum(p.category == "legal_form" for p in pairs) % len(COMPANY_COUNTRIES)]
        template, values, form = b.company(country)
        a, c = rng.sample(range(4), 2)
        listed = b.company_name(country, template, values, form, a)
        if rng.random() < 0.2:  # the customer without the form
            customer = b.company_name(country, template, values, form, c)
            customer = customer.split('"')[1] if '"' in customer else " ".join(template.format(**values).split())
        else:
            customer = b.company_name(country, template, values, form, c)
        if customer == listed or not b.unseen("legal_form", country, template.format(**values)):
            continue
        if rng.random() < 0.3:
            listed = listed.upper()
        pairs.append(b.company_pair(country, customer, [listed], True, "legal_form"))

    # Two variants at once.
    for _ in range(POSITIVE_COUNTS["combined"]):
        weighted = (("ru", 5), ("ua", 2), ("ar", 6), ("zh", 2), ("es", 3), ("de", 2), ("pl", 2), ("en", 2))
        person = b.person(origin_of(weighted))
        theirs = b.list_spelling(person)
        listed_name = b.spelled(person, theirs)
        kinds = ["missing_middle", "order", "typo"]
        if person.origin in ("ru", "ua", "ar", "zh"):
            kinds.append("transliteration")
        if person.origin in ("de", "es", "pl"):
            kinds.append("accents")
        if person.origin in ("ru", "de", "es", "pl", "en"):
            kinds.append("initials")
        if not person.middle and person.origin != "es":
            kinds.remove("missing_middle")
        customer_name = listed_name.copy()
        style = style_for(person, "eu", "un")
        for kind in sorted(rng.sample(kinds, 2), key=kinds.index):
            if kind == "transliteration":
                spelled = b.spelled(person, b.customer_spelling(person, theirs))
                customer_name = Name(spelled.given, spelled.middle if customer_name.middle else [], spelled.family)
            elif kind == "missing_middle":
                if person.origin == "es":
                    customer_name.family = customer_name.family[:1]
                else:
                    customer_name.middle = []
            elif kind == "order":
                style = "family_first" if person.origin == "zh" else rng.choice(("ofac", "family_first"))
            elif kind == "typo":
                customer_name = typo_in(rng, customer_name)
            elif kind == "accents":
                customer_name = without_accents(customer_name, german=person.origin == "de")
            elif kind == "initials":
                customer_name.given = [initials(" ".join(customer_name.given))]
        pairs.append(b.pair(person, customer_name, [listed_style(listed_name, style)], True, "combined"))

    # --- Hard negatives --------------------------------------------------------------------

    # The same surname, another given name: relatives mostly (the same father's name at times,
    # the same nationality).
    while sum(p.category == "neg_same_surname" for p in pairs) < NEGATIVE_COUNTS["neg_same_surname"]:
        person = b.person(origin_of(ANY_ORIGIN))
        relative = b.person(person.origin, middle=bool(person.middle), female=person.female)
        relative.family = list(person.family)
        if relative.given == person.given:
            continue
        if rng.random() < 0.4:
            relative.middle = list(person.middle)  # a brother or sister
        theirs = b.list_spelling(person)
        customer_name = b.spelled(relative, theirs)
        if person.origin != "zh" and rng.random() < 0.6:
            customer_name.middle = []
        listed = listed_style(b.spelled(person, theirs), style_for(person, "eu", "un", "ofac"))
        pairs.append(b.pair(person, customer_name, [listed], False, "neg_same_surname"))

    # The same given name, another surname.
    while sum(p.category == "neg_same_given" for p in pairs) < NEGATIVE_COUNTS["neg_same_given"]:
        person = b.person(origin_of(ANY_ORIGIN))
        other = b.person(person.origin, middle=False, female=person.female)
        if other.family == person.family:
            continue
        other.given = list(person.given)
        theirs = b.list_spelling(person)
        listed = listed_style(b.spelled(person, theirs), style_for(person, "eu", "un", "ofac"))
        pairs.append(b.pair(person, b.spelled(other, theirs), [listed], False, "neg_same_given"))

    # A similar company of another name: one word of the name changed.
    while sum(p.category == "neg_company" for p in pairs) < NEGATIVE_COUNTS["neg_company"]:
        country = rng.choice(("ru", "ru", "de", "pl", "fr", "es", "gb", "us", "ae", "ae", "cn", "cn", "hk", "cy", "tr"))
        template, values, form = b.company(country)
        other = b.another_company(country, template, values)
        if other is None:
            continue
        listed = b.company_name(country, template, values, form, rng.randrange(4))
        customer = b.company_name(country, template, other, form, rng.randrange(4))
        if not b.unseen("neg_company", listed, customer):
            continue
        pairs.append(b.company_pair(country, customer, [listed], False, "neg_company"))

    # Namesakes: the same (common) name, another birth date or nationality.
    for index in range(NEGATIVE_COUNTS["neg_namesake"]):
        origin = origin_of((("ru", 5), ("ar", 5), ("zh", 4), ("es", 4), ("en", 4), ("de", 3), ("fr", 2), ("pl", 3)))
        person = b.person(origin, common=True)
        name = b.spelled(person, b.list_spelling(person))
        customer_name = name.copy()
        if rng.random() < 0.6:
            customer_name.middle = []
        listed_born: tuple[str, ...] = (person.born,) if rng.random() < 0.75 else (person.born[:4],)
        listed_nat: tuple[str, ...] = (person.nationality,) if rng.random() < 0.7 else ()
        year = int(person.born[:4])
        other_year = year + rng.choice((-1, 1)) * rng.randint(3, 25)
        if not 1930 <= other_year <= 2005:  # customers are adults
            other_year = 2 * year - other_year
        customer_born = (f"{other_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",)
        customer_nat: tuple[str, ...] = (person.nationality,)
        case = index % 6
        if case in (2, 3):  # another birth date and nationality
            customer_nat, listed_nat = (rng.choice(OTHER_NATIONALITY[origin]),), (person.nationality,)
        elif case == 4:  # born the same year, on another day
            customer_born = (f"{year}-{(int(person.born[5:7]) + 5) % 12 + 1:02d}-{rng.randint(1, 28):02d}",)
            listed_born = (person.born,)
        elif case == 5:  # another nationality, the list's birth date unknown
            customer_nat = (rng.choice(OTHER_NATIONALITY[origin]),)
            listed_nat, listed_born = (person.nationality,), ()
        listed = listed_style(name, style_for(person, "eu", "un", "ofac"))
        pairs.append(
            Pair(
                customer_person(customer_name, customer_born, customer_nat),
                listed_person([(listed, False)], listed_born, listed_nat),
                False,
                "neg_namesake",
                origin,
            )
        )
    return pairs


PAIRS = build()
CATEGORIES = tuple(POSITIVE_COUNTS) + tuple(NEGATIVE_COUNTS)


def describe(subject: Subject) -> str:
    names = " | ".join(name + (" (weak)" if weak else "") for name, weak in subject.names)
    extra = ", ".join((*subject.birth_dates, *subject.countries))
    return f"{names} [{extra}]" if extra else names


if __name__ == "__main__":
    for pair in PAIRS:
        print(
            f"{pair.category:16} {pair.origin:7} {'same' if pair.same else 'DIFF'}  "
            f"{describe(pair.customer)}  ~  {describe(pair.listed)}"
        )
    print(f"{len(PAIRS)} pairs: {sum(p.same for p in PAIRS)} same, {sum(not p.same for p in PAIRS)} different")
