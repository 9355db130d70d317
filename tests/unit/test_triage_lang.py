"""Non-English messages: language detection and the English gloss the triage rules read.

Sentences are written for these tests (not copied from the dev sets). Per language there is at
least an emergency, an urgent, a negated and a benign message, each checked through
``triage.engine.assess`` for its level and ``language``. English in any variety must stay "en".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bot.domain.triage.lang as triage_lang
import bot.domain.triage.lang_data as triage_lang_data
from bot.domain.triage.engine import Level, assess
from bot.domain.triage.lang import LANGUAGES, gloss, language_of

N, S, R, U, E = Level.NONE, Level.STOP, Level.ROUTINE, Level.URGENT, Level.EMERGENCY
DATA = Path(__file__).resolve().parents[1] / "data"
_NON_ENGLISH_WHY = (
    "Spanish",
    "Portuguese",
    "French",
    "German",
    "Russian",
    "Hinglish",
    "Tagalog",
    "Arabic",
    "Italian",
    "Polish",
    "Turkish",
    "Dutch",
)

# (language, message, diabetes, accepted levels)
CASES: list[tuple[str, str, bool, tuple[Level, ...]]] = [
    (
        "es",
        "De golpe no puedo mover los dedos del pie izquierdo",
        False,
        (
            E,
            U,
        ),
    ),
    ("es", "se me cayó la cara de un lado y hablo raro", False, (E,)),
    ("es", "tengo los dos pies dormidos y no puedo orinar desde anoche", False, (E,)),
    ("es", "el dedo está negro y frío", False, (E,)),
    (
        "es",
        "tengo fiebre de 39 y el pie rojo e hinchado",
        False,
        (
            E,
            U,
        ),
    ),
    ("es", "la herida del talón tiene pus", False, (U,)),
    ("es", "no tengo dolor ni hormigueo", False, (N,)),
    ("es", "terminé la rutina, todo perfecto", False, (N,)),
    ("es", "me duele el talón cuando hago la toalla", False, (S,)),
    ("es", "mi madre tiene el dedo negro", False, (N,)),
    (
        "es",
        "siento hormigueo en la planta del pie",
        False,
        (
            R,
            U,
        ),
    ),
    (
        "pt",
        "de repente não consigo mexer o pé direito",
        False,
        (
            E,
            U,
        ),
    ),
    ("pt", "minha boca ficou torta e estou com a fala enrolada", False, (E,)),
    ("pt", "o dedo está roxo e gelado e dói muito", False, (E,)),
    ("pt", "a ferida no pé tem pus e está vermelha", False, (U,)),
    ("pt", "não tenho dor nem formigamento", False, (N,)),
    ("pt", "fiz todos os exercícios hoje, tudo ótimo", False, (N,)),
    ("pt", "sou diabética e tenho uma bolha no calcanhar", True, (U,)),
    (
        "fr",
        "tout à coup je ne peux plus bouger le pied droit",
        False,
        (
            E,
            U,
        ),
    ),
    ("fr", "ma bouche est de travers et j'ai du mal à parler", False, (E,)),
    ("fr", "mon orteil est devenu noir", False, (E,)),
    ("fr", "la plaie est rouge, chaude et il y a du pus", False, (U,)),
    ("fr", "je n'ai pas de douleur", False, (N,)),
    ("fr", "j'ai fini mes exercices, tout va bien", False, (N,)),
    ("fr", "j'ai mal au talon pendant les exercices", False, (S,)),
    (
        "fr",
        "j'ai des fourmillements dans les pieds",
        False,
        (
            R,
            U,
        ),
    ),
    (
        "de",
        "Ich kann plötzlich meinen Fuß nicht mehr bewegen",
        False,
        (
            E,
            U,
        ),
    ),
    ("de", "mein Mund hängt schief und ich spreche undeutlich", False, (E,)),
    ("de", "der Zeh ist schwarz geworden", False, (E,)),
    ("de", "die Wunde am Fuß eitert und ist gerötet", False, (U,)),
    ("de", "Ich habe keine Schmerzen", False, (N,)),
    ("de", "Übungen erledigt, alles gut", False, (N,)),
    ("de", "meine Mutter hat einen schwarzen Zeh", False, (N,)),
    ("de", "der Zeh tut weh bei den Übungen", False, (S,)),
    (
        "ru",
        "внезапно не могу пошевелить пальцами на ноге",
        False,
        (
            E,
            U,
        ),
    ),
    ("ru", "лицо перекосило и речь невнятная", False, (E,)),
    ("ru", "палец на ноге почернел", False, (E,)),
    ("ru", "рана на пятке красная и гноится", False, (U,)),
    ("ru", "боли нет, все хорошо", False, (N,)),
    ("ru", "сделал все упражнения, всё отлично", False, (N,)),
    ("ru", "у меня не болит нога", False, (N,)),
    ("ru", "болит стопа во время упражнений", False, (S,)),
    (
        "hi",
        "achanak se mera pair hil nahi raha",
        False,
        (
            E,
            U,
        ),
    ),
    ("hi", "mera munh tedha ho gaya hai aur bolne mein dikkat hai", False, (E,)),
    ("hi", "pair ki ungli kaali pad gayi hai", False, (E,)),
    ("hi", "ghaav mein mawaad hai aur laal ho gaya", False, (U,)),
    ("hi", "dard nahi hai, sab theek hai", False, (N,)),
    ("hi", "aaj ki exercise ho gayi, sab badhiya", False, (N,)),
    (
        "hi",
        "मेरे पैर में अचानक लकवा हो गया",
        False,
        (
            E,
            U,
        ),
    ),
    ("hi", "पैर की उंगली काली हो गई है", False, (E,)),
    ("hi", "दर्द नहीं है", False, (N,)),
    ("hi", "meri maa ke pair mein sujan hai", False, (N,)),
    (
        "tl",
        "bigla hindi ko maigalaw ang paa ko",
        False,
        (
            E,
            U,
        ),
    ),
    ("tl", "tumabingi ang mukha ko at hirap akong magsalita", False, (E,)),
    ("tl", "nangingitim ang daliri ng paa ko", False, (E,)),
    ("tl", "may nana ang sugat sa paa ko at namumula", False, (U,)),
    ("tl", "walang sakit at walang pamamanhid", False, (N,)),
    ("tl", "tapos ko na ang exercises, ayos lang po", False, (N,)),
    ("tl", "masakit ang sakong ko habang ginagawa ko ang towel", False, (S,)),
    (
        "ar",
        "faj2a ma 3am ba2dar 7arrek rijli",
        False,
        (
            E,
            U,
        ),
    ),
    ("ar", "tammi mayel w so3ube bel kalam", False, (E,)),
    ("ar", "sob3 rijli sar aswad", False, (E,)),
    ("ar", "el jer7 fi 2ay7 w a7mar", False, (U,)),
    ("ar", "ma fi waja3 el7amdulillah", False, (N,)),
    (
        "ar",
        "فجأة ما بقدر احرك رجلي",
        False,
        (
            E,
            U,
        ),
    ),
    ("ar", "اصبع رجلي صار اسود", False, (E,)),
    ("ar", "ما في وجع الحمدلله", False, (N,)),
    ("ar", "ommi rijla mwarrama", False, (N,)),
    ("es", "el año pasado tenía hormigueo en los dedos", False, (N,)),
    (
        "es",
        "no me duele, pero tengo hormigueo en el pie",
        False,
        (
            R,
            U,
        ),
    ),
    ("es", "llevo 2 meses con los ejercicios y sigue igual, no noto mejoría", False, (R,)),
    ("es", "el segundo dedo se está montando sobre el dedo gordo", False, (R,)),
    ("es", "me duele más que antes", False, (S,)),
    ("es", "tengo azúcar y una ampolla en el dedo", False, (U,)),
    (
        "es",
        "tengo 38,7 y la herida está caliente y roja",
        False,
        (
            E,
            U,
        ),
    ),
    (
        "es",
        "la pierna derecha no se mueve desde esta mañana",
        False,
        (
            E,
            U,
        ),
    ),
    ("es", "no siento nada entre las piernas y las dos piernas están débiles", False, (E,)),
    ("es", "veo doble y tengo el pie dormido de repente", False, (E,)),
    ("pt", "ano passado tive dormência no pé, agora nada", False, (N,)),
    (
        "pt",
        "não dói, mas está inchado e vermelho",
        False,
        (
            U,
            R,
        ),
    ),
    ("pt", "meu pai está com o pé preto", False, (N,)),
    ("pt", "não consigo urinar e as duas pernas estão dormentes", False, (E,)),
    (
        "pt",
        "estou com febre e calafrios e o pé está inchado e vermelho",
        False,
        (
            E,
            U,
        ),
    ),
    ("fr", "pas de fièvre mais le pied est rouge et gonflé avec du pus", False, (U,)),
    ("fr", "ma mère a les orteils bleus", False, (N,)),
    ("fr", "depuis ce matin je ne sens plus mes deux jambes et je ne peux pas uriner", False, (E,)),
    ("fr", "aucune amélioration après 8 semaines d'exercices", False, (R,)),
    (
        "fr",
        "j'ai 39 de fièvre et ma plaie est chaude et rouge",
        False,
        (
            E,
            U,
        ),
    ),
    (
        "de",
        "Keine Taubheit, aber Kribbeln in den Zehen",
        False,
        (
            R,
            U,
        ),
    ),
    ("de", "seit 2 Monaten keine Besserung", False, (R,)),
    ("de", "ich habe Fieber und Schüttelfrost und der Fuß ist rot und geschwollen", False, (E,)),
    ("de", "meine Zehe ist kalt und blass und tut weh", False, (E,)),
    ("de", "Ich bin Diabetiker und habe eine Blase an der Ferse", True, (U,)),
    (
        "ru",
        "не болит, но покалывание в пальцах",
        False,
        (
            R,
            U,
        ),
    ),
    ("ru", "в прошлом году было онемение, сейчас нет", False, (N,)),
    ("ru", "моя мама говорит что у нее болит нога", False, (N,)),
    (
        "ru",
        "температура 39 и нога красная и опухла",
        False,
        (
            E,
            U,
        ),
    ),
    ("ru", "стопа холодная и синяя и болит", False, (E,)),
    (
        "hi",
        "lekin ab pair mein jhunjhunahat ho rahi hai",
        False,
        (
            R,
            U,
        ),
    ),
    ("hi", "pair mein sunnpan nahi hai", False, (N,)),
    ("hi", "mujhe sugar hai aur pair mein chhala hai", True, (U,)),
    ("hi", "do mahine se exercise kar raha hoon koi fark nahi", False, (R,)),
    (
        "hi",
        "bukhar hai aur pair laal aur suja hua hai",
        False,
        (
            E,
            U,
        ),
    ),
    ("hi", "dono pair sunn ho gaye aur peshab nahi ho raha", False, (E,)),
    (
        "tl",
        "walang pamamanhid pero may ngimay sa paa",
        False,
        (
            R,
            U,
        ),
    ),
    (
        "tl",
        "nilalagnat ako at namamaga ang paa ko at mapula",
        False,
        (
            E,
            U,
        ),
    ),
    ("tl", "nanay ko ay may sugat sa paa", False, (N,)),
    ("tl", "malamig at maputla ang paa ko at masakit", False, (E,)),
    (
        "ar",
        "3andi 7arara w rijli a7mar w mwarrama",
        False,
        (
            E,
            U,
        ),
    ),
    ("ar", "mish 2ader bul w rijlay mkhaddarin", False, (E,)),
    ("ar", "rijli bared w azra2 w biwaja3ni", False, (E,)),
    (
        "ar",
        "ma fi tanmil bas rijli mwarrama",
        False,
        (
            R,
            U,
        ),
    ),
    ("ar", "عندي سكري و في جرح برجلي", True, (U,)),
    # Italian, Polish, Turkish, Dutch
    (
        "it",
        "All'improvviso non riesco più a muovere le dita del piede destro",
        False,
        (
            E,
            U,
        ),
    ),
    ("it", "Ho la bocca storta da un'ora e parlo male", False, (E,)),
    ("it", "Non sento niente tra le gambe e non riesco a fare pipì da stamattina", False, (E,)),
    ("it", "l'alluce è freddo, bianco e mi fa molto male", False, (E,)),
    (
        "it",
        "ho la febbre a 38,7 e il piede è rosso e gonfio",
        False,
        (
            E,
            U,
        ),
    ),
    ("it", "sono diabetica e mi è venuta una vescica sul tallone", True, (U,)),
    ("it", "la ferita sulla caviglia ha il pus e si sta allargando", False, (U,)),
    (
        "it",
        "sento formicolio sotto la pianta del piede",
        False,
        (
            R,
            U,
        ),
    ),
    ("it", "il secondo dito si sta accavallando sul terzo", False, (R,)),
    ("it", "dopo due mesi di esercizi nessun miglioramento", False, (R,)),
    ("it", "mi fa male il tallone durante gli esercizi con l'asciugamano", False, (S,)),
    ("it", "non ho dolore e nessun formicolio", False, (N,)),
    ("it", "Esercizi finiti, va tutto bene, grazie", False, (N,)),
    (
        "pl",
        "Nagle nie mogę ruszać palcami u prawej stopy",
        False,
        (
            E,
            U,
        ),
    ),
    ("pl", "Opadł mi kącik ust i mówię niewyraźnie", False, (E,)),
    ("pl", "Obie nogi mi drętwieją i nie mogę oddać moczu od rana", False, (E,)),
    ("pl", "Palec u nogi jest czarny i zimny", False, (E,)),
    (
        "pl",
        "mam gorączkę 39 i stopa jest czerwona i spuchnięta",
        False,
        (
            E,
            U,
        ),
    ),
    ("pl", "rana na pięcie ropieje i jest czerwona", False, (U,)),
    ("pl", "Jestem cukrzykiem i skaleczyłem się w palec", True, (U,)),
    (
        "pl",
        "czuję mrowienie w stopie od tygodnia",
        False,
        (
            R,
            U,
        ),
    ),
    ("pl", "po ośmiu tygodniach ćwiczeń nie ma poprawy", False, (R,)),
    ("pl", "boli mnie pięta podczas ćwiczeń z ręcznikiem", False, (S,)),
    ("pl", "nie mam bólu ani drętwienia", False, (N,)),
    ("pl", "Zrobiłam wszystkie ćwiczenia, wszystko dobrze, dziękuję", False, (N,)),
    (
        "tr",
        "Aniden ayak parmaklarımı hareket ettiremiyorum",
        False,
        (
            E,
            U,
        ),
    ),
    ("tr", "Yüzüm bir tarafa kaydı ve konuşmakta zorlanıyorum", False, (E,)),
    ("tr", "İki bacağım uyuştu ve idrar yapamıyorum", False, (E,)),
    ("tr", "Başparmağım mosmor ve buz gibi, çok ağrıyor", False, (E,)),
    (
        "tr",
        "Ateşim 39 ve ayağım kırmızı, şiş",
        False,
        (
            E,
            U,
        ),
    ),
    ("tr", "Topuğumdaki yarada iltihap var", False, (U,)),
    ("tr", "Şeker hastasıyım ve ayağımda su toplandı", True, (U,)),
    (
        "tr",
        "Ayak tabanımda karıncalanma var",
        False,
        (
            R,
            U,
        ),
    ),
    ("tr", "Egzersiz yaparken topuğum ağrıyor", False, (S,)),
    ("tr", "Ağrı yok, uyuşma yok", False, (N,)),
    ("tr", "Bugün egzersizleri bitirdim, her şey yolunda, teşekkürler", False, (N,)),
    (
        "nl",
        "Ik kan opeens mijn tenen niet meer bewegen",
        False,
        (
            E,
            U,
        ),
    ),
    ("nl", "Mijn mondhoek hangt en ik praat onduidelijk", False, (E,)),
    (
        "nl",
        "Ik heb geen gevoel tussen mijn benen en kan niet plassen sinds vanochtend",
        False,
        (E,),
    ),
    ("nl", "Mijn grote teen is zwart geworden", False, (E,)),
    (
        "nl",
        "Ik heb koorts, 39 graden, en mijn voet is rood en gezwollen",
        False,
        (
            E,
            U,
        ),
    ),
    ("nl", "Er komt pus uit de wond op mijn hiel", False, (U,)),
    ("nl", "Ik ben diabeet en heb een blaar op mijn teen", True, (U,)),
    (
        "nl",
        "Ik heb tintelingen in mijn voeten",
        False,
        (
            R,
            U,
        ),
    ),
    ("nl", "Mijn tweede teen schuift over de grote teen", False, (R,)),
    ("nl", "Mijn hiel doet pijn tijdens de oefeningen", False, (S,)),
    ("nl", "Geen pijn en geen tintelingen", False, (N,)),
    ("nl", "Oefeningen gedaan, alles goed, bedankt", False, (N,)),
]


@pytest.mark.parametrize(("language", "text", "diabetes", "accept"), CASES)
def test_non_english_message_is_triaged_in_its_language(
    language: str, text: str, diabetes: bool, accept: tuple[Level, ...]
) -> None:
    result = assess(text, diabetes=diabetes)
    assert result.language == language, (text, result.language)
    assert result.level in accept, (text, gloss(text, language), result.level, result.flags)


def test_every_language_has_each_kind_of_case() -> None:
    for language in LANGUAGES:
        levels = [accept for lang, _, _, accept in CASES if lang == language]
        assert any(E in a for a in levels), language
        assert any(U in a and E not in a for a in levels) or any(a == (U,) for a in levels), (
            language
        )
        assert sum(a == (N,) for a in levels) >= 2, language  # one negated, one benign


ENGLISH: list[str] = [
    "my leg dey tingle me since monday",
    "abeg my toe dey pain me well well",
    "I don finish the exercise o",
    "kindly advise, my father's toes are paining him",
    "good morning po, my toes are numb",
    "hello po, done na with the marbles",
    "ok",
    "done ✅",
    "10",
    "👍👍",
    "thx!!",
    "Jose and Maria came over from San Diego, we did the towel thing together",
    "I bought new Nike sandals at El Corte Ingles in Madrid",
    "watched Real Madrid vs Barcelona then did my circles",
    "my physio Dr. Mendoza says keep going",
    "going to Los Angeles next week, can I pause reminders?",
    "the Toyota broke down so I walked, feet fine",
    "had a croissant and café au lait, then exercises",
    "my grandson Mateo thinks the marbles game is hilarious",
    "Did the exercises at Tia Rosa's house",
    "we're in Manila for a week, will do them at the hotel",
    "visiting my sister in Mumbai, toes are fine",
    "La La Land was on tv, did the threading while watching",
    "I ate paella con pollo and then did the stretches",
    "Je suis Charlie was the slogan, anyway my toes are ok",
    "my mum loves Amazon Prime, doing the bands now",
    "I used the Theraband from Decathlon",
    "Pedro Pascal is my favourite actor lol, toes ok",
    "the pharmacy in Santa Monica gave me plasters",
    "feeling a bit de ja vu, same stiffness as yesterday",
    "can we do this in Spanish? my English is not so good",
    "sorry for my english, my foot have pain since two day",
    "my foot is paining me since 2 days, what to do",
    "mere toes are fine today",
    "kal I'll do the exercises",
    "Namaste, exercises done",
    "salamat for the tips, toes feel better",
    "gracias! all done today",
    "merci, feet feel great",
    "danke, done for today",
    "my husband Ahmed says hi",
    "inshallah I will do them tomorrow",
    "3 sets of 10, 2x a day, 5min each",
    "did 3rd set at 7am and 2nd at 5pm",
    "gr8 session b4 work",
    "2day was good, toes loose",
    "the 4th toe still lags",
    "ate pho with my mom, then marbles",
    "I live in Sao Paulo but I'm British",
    "Ich bin ein Berliner haha, just kidding, toes fine",
    "my toes are tinkling again",
    "ma'am my toe is swelling and it is paining me",
    "dear sir, I have done the exercise today",
    "Hi it's Ana, I'm doing great with the exercises",
    "left foot a bit sore, right one fine",
    "taco tuesday then toe spreading",
    "what is the name of the exercise with the towel?",
    "I went to the Museo del Prado and walked a lot, feet ache",
    "pain in my ball of foot after tennis",
]


def _dev_english() -> list[str]:
    texts = [json.loads(line)["text"] for line in (DATA / "redflags_dev.jsonl").open()]
    for line in (DATA / "redflags_dev2.jsonl").open():
        row = json.loads(line)
        if not any(word in row["why"] for word in _NON_ENGLISH_WHY):
            texts.append(row["text"])
    return texts


def test_english_in_any_variety_stays_english() -> None:
    texts = _dev_english() + ENGLISH
    assert len(texts) >= 300
    wrong = [(t, language_of(t)) for t in texts if language_of(t) != "en"]
    assert wrong == []


def test_dev2_non_english_rows_are_detected_and_triaged() -> None:
    for line in (DATA / "redflags_dev2.jsonl").open():
        row = json.loads(line)
        if not any(word in row["why"] for word in _NON_ENGLISH_WHY):
            continue
        result = assess(row["text"], diabetes=row["diabetes"])
        # "mera big toe ... numb" is as much English as Hindi: either reading is fine.
        assert result.language != "en" or "Hinglish" in row["why"], row["id"]
        assert str(result.level) in row["accept"], (row["id"], result.level, result.flags)


@pytest.mark.parametrize(
    "text",
    ["", "ok", "✅", "42", "10/10", "3x", "👍 done", "my toes hurt, mi dedo", "po"],
)
def test_short_and_mixed_texts_stay_english(text: str) -> None:
    assert language_of(text) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("очень болит палец", "ru"),
        ("पैर में दर्द है", "hi"),
        ("رجلي بتوجعني", "ar"),
        ("我的脚趾很痛", "other"),
        ("Ο αντίχειράς μου πονάει", "other"),
        ("gracias por todo", "es"),
        ("obrigado, tudo bem", "pt"),
    ],
)
def test_scripts_and_short_foreign_texts(text: str, language: str) -> None:
    assert language_of(text) == language


def test_gloss_keeps_negation_contrast_numbers_and_people() -> None:
    assert "no pain" in gloss("dard nahi hai", "hi")
    assert "no pain" in gloss("боли нет", "ru")
    assert "doesn't hurt" in gloss("не болит", "ru")
    assert gloss("kein Kribbeln", "de") == "no tingling"
    assert "no" in gloss("walang sakit", "tl").split()
    assert " but " in gloss("no duele pero arde", "es")
    assert "fever 38" in gloss("tengo 38,5", "es")
    assert "fever" not in gloss("tengo 39 años", "es")
    assert "my mother" in gloss("meine Mutter hat Schmerzen", "de")
    assert "i am diabetic" in gloss("3andi sokkar", "ar")


def test_gloss_leaves_english_and_unknown_languages_alone() -> None:
    assert gloss("My toes are numb", "en") == "My toes are numb"
    assert gloss("我的脚趾很痛", "other") == "我的脚趾很痛"


def test_someone_else_and_history_do_not_escalate() -> None:
    for text in ("mi padre tiene el pie negro", "meu marido tem uma ferida com pus"):
        assert assess(text, diabetes=False).level == N, text
    assert assess("l'année dernière j'avais des fourmillements", diabetes=False).level == N


def test_language_of_is_a_cheap_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Detection on English never compiles a phrase table nor folds accents of ASCII text:
    it is a word split and set look-ups (timing is measured elsewhere, never asserted)."""
    before = dict(triage_lang._COMPILED)

    def no_fold(text: str) -> str:
        raise AssertionError("ASCII text must not be folded")

    monkeypatch.setattr(triage_lang, "_fold", no_fold)
    for text in _dev_english() + ENGLISH:
        if text.isascii():
            assert language_of(text) == "en"
    assert before == triage_lang._COMPILED
    assert isinstance(triage_lang_data.ENGLISH_WORDS, frozenset)
    assert isinstance(triage_lang_data.FOREIGN_WORDS, dict)


# Families of meaning every language must keep (sentences written for these tests):
# (family, language, message, diabetes, accepted levels). "hypo": a question about what could
# happen; "other": someone else's body; "carer": someone writing for the patient; "neg": a
# symptom denied after it is named; "change": verbs of becoming with a colour; "move": can't move.
FAMILY_CASES: list[tuple[str, str, str, bool, tuple[Level, ...]]] = [
    # hypothetical
    (
        "hypo",
        "es",
        "¿Qué hago si algún día se me ponen los dedos morados y fríos? Por ahora estoy bien",
        False,
        (N,),
    ),
    ("hypo", "es", "y si se me hincha el pie con fiebre, ¿voy a urgencias?", False, (N,)),
    ("hypo", "es", "¿Los ejercicios pueden causar hormigueo en los dedos?", False, (N,)),
    (
        "hypo",
        "pt",
        "O que eu faço se o meu dedão ficar roxo e gelado? Por enquanto tudo bem",
        False,
        (N,),
    ),
    ("hypo", "pt", "E se o pé inchar e ficar vermelho, é grave?", False, (N,)),
    (
        "hypo",
        "fr",
        "Et si mon pied devient tout engourdi pendant la nuit, j'appelle qui ?",
        False,
        (N,),
    ),
    (
        "hypo",
        "fr",
        "Que faire si la plaie devient rouge et chaude ? Pour le moment rien",
        False,
        (N,),
    ),
    ("hypo", "fr", "Est-ce grave si mes orteils deviennent blancs au froid ?", False, (N,)),
    (
        "hypo",
        "de",
        "Was soll ich tun, wenn mein Zeh eines Tages schwarz wird? Im Moment ist alles gut",
        False,
        (N,),
    ),
    ("hypo", "de", "Was ist, wenn der Fuß plötzlich taub wird?", False, (N,)),
    ("hypo", "de", "Können die Übungen ein Kribbeln in den Zehen verursachen?", False, (N,)),
    (
        "hypo",
        "ru",
        "Что делать, если пальцы на ноге станут синими и холодными? Пока всё нормально",
        False,
        (N,),
    ),
    ("hypo", "ru", "А если нога опухнет и покраснеет, это опасно?", False, (N,)),
    (
        "hypo",
        "hi",
        "agar mere pair ki ungliyan neeli pad jaye to kya karu? abhi sab theek hai",
        False,
        (N,),
    ),
    ("hypo", "hi", "kya hoga agar pair achanak sunn ho jaye?", False, (N,)),
    ("hypo", "hi", "अगर मेरा पैर अचानक सुन्न हो जाए तो क्या करूँ?", False, (N,)),
    (
        "hypo",
        "tl",
        "Paano kung biglang mangitim ang daliri ko sa paa? Okay naman ako ngayon",
        False,
        (N,),
    ),
    ("hypo", "tl", "Ano ang dapat kong gawin kung mamaga at mamula ang paa ko?", False, (N,)),
    (
        "hypo",
        "ar",
        "shu lazem a3mel iza sawabe3 ijri saro zar2a w barde? hala2 kollo tamam",
        False,
        (N,),
    ),
    ("hypo", "ar", "law rijli sarat mwarrama w 3andi 7arara, shu bisir?", False, (N,)),
    ("hypo", "ar", "شو لازم اعمل اذا رجلي صارت زرقا و بارده؟", False, (N,)),
    # someone else
    (
        "other",
        "es",
        "A mi vecina le duele el pie y lo tiene hinchado, ¿puede hacer los ejercicios? "
        "Yo estoy bien",
        False,
        (N,),
    ),
    ("other", "es", "mi hermana tiene el dedo gordo negro", False, (N,)),
    (
        "other",
        "pt",
        "A minha vizinha está com o pé inchado e dolorido, ela pode fazer os exercícios?",
        False,
        (N,),
    ),
    ("other", "pt", "o pé dela está roxo e frio", False, (N,)),
    (
        "other",
        "fr",
        "Ma voisine a le pied gonflé et rouge, peut-elle faire ces exercices ? Moi ça va",
        False,
        (N,),
    ),
    ("other", "fr", "le pied de mon collègue est devenu noir", False, (N,)),
    (
        "other",
        "de",
        "Meine Nachbarin hat einen geschwollenen, roten Fuß. Darf sie die Übungen machen?",
        False,
        (N,),
    ),
    ("other", "de", "Der Zeh meines Enkels ist blau und kalt", False, (N,)),
    (
        "other",
        "ru",
        "У соседа опухла и болит нога, ему можно делать упражнения? У меня всё хорошо",
        False,
        (N,),
    ),
    ("other", "ru", "У моей сестры почернел палец на ноге", False, (N,)),
    ("other", "ru", "Моей соседке больно ходить, нога красная", False, (N,)),
    (
        "other",
        "hi",
        "meri padosan ke pair mein sujan aur dard hai, kya woh exercise kar sakti hai?",
        False,
        (N,),
    ),
    ("other", "hi", "mere dost ka pair achanak sunn ho gaya", False, (N,)),
    (
        "other",
        "tl",
        "Ang kapitbahay ko ay may namamagang paa at masakit, pwede ba siyang mag-exercise?",
        False,
        (N,),
    ),
    ("other", "tl", "Namamanhid ang paa ng kaibigan ko", False, (N,)),
    ("other", "ar", "jarti rijla mwarrama w biwaja3ha, fiha ta3mel el tamarin?", False, (N,)),
    ("other", "ar", "جارتي رجلها متورمه و بتوجعها", False, (N,)),
    # writing for the patient
    ("carer", "es", "Le escribo por mi madre: tiene el dedo negro y frío desde ayer", False, (E,)),
    (
        "carer",
        "pt",
        "Estou escrevendo pela minha mãe, o pé dela está roxo e gelado e dói",
        False,
        (E,),
    ),
    ("carer", "fr", "J'écris pour mon père, son pied est froid et bleu et il a mal", False, (E,)),
    ("carer", "de", "Ich schreibe für meine Mutter, ihr Zeh ist schwarz geworden", False, (E,)),
    ("carer", "ru", "Пишу за маму: у неё палец на ноге почернел", False, (E,)),
    (
        "carer",
        "hi",
        "main apni maa ki taraf se likh rahi hoon, unka pair achanak hil nahi raha",
        False,
        (E,),
    ),
    (
        "carer",
        "tl",
        "Nagte-text po ako para sa nanay ko, nangingitim na ang daliri niya sa paa",
        False,
        (E,),
    ),
    ("carer", "ar", "ana bekteb 3an ommi, rijla sar lawna aswad", False, (E,)),
    ("carer", "ar", "انا بكتب عن امي، رجلها صارت سودا", False, (E,)),
    # negation after the noun
    (
        "neg",
        "es",
        "El pie está rojo y caliente y la rojez se extiende, fiebre no tengo",
        False,
        (U,),
    ),
    (
        "neg",
        "pt",
        "A vermelhidão está se espalhando e o pé está quente, febre não tenho",
        False,
        (U,),
    ),
    (
        "neg",
        "fr",
        "La rougeur s'étend depuis hier et c'est chaud. De la fièvre, je n'en ai pas",
        False,
        (U,),
    ),
    ("neg", "de", "Die Zehe ist rot und geschwollen und heiß, Fieber habe ich keines", False, (U,)),
    ("neg", "de", "Schmerzen habe ich keine, alles gut", False, (N,)),
    (
        "neg",
        "ru",
        "Нога красная и горячая, краснота распространяется, температуры у меня нет",
        False,
        (U,),
    ),
    (
        "neg",
        "hi",
        "pair laal aur garam hai aur lali phail rahi hai, bukhar to nahi hai",
        False,
        (U,),
    ),
    ("neg", "tl", "Kumakalat ang pamumula at mainit ang paa ko, lagnat wala naman", False, (U,)),
    ("neg", "ar", "rijli a7mar w sokhn w el e7merar 3am yentesher, 7arara ma fi", False, (U,)),
    ("neg", "ar", "رجلي حمرا و سخنه و الاحمرار عم ينتشر، حراره ما في", False, (U,)),
    ("neg", "es", "dolor, ninguno. Todo bien", False, (N,)),
    ("neg", "pt", "dormência não, só cansaço", False, (N,)),
    ("neg", "fr", "Douleur : non. Fourmillements : non.", False, (N,)),
    # change verbs
    ("change", "es", "Mis dedos se están poniendo azules y fríos", False, (E,)),
    ("change", "es", "El dedo se puso negro", False, (E,)),
    ("change", "pt", "Meus dedos estão ficando roxos e gelados", False, (E,)),
    ("change", "pt", "O dedão ficou preto", False, (E,)),
    ("change", "fr", "Mes orteils deviennent bleus et froids", False, (E,)),
    ("change", "de", "Meine Zehen werden blau und kalt", False, (E,)),
    ("change", "ru", "Пальцы на ноге стали синими и холодными", False, (E,)),
    ("change", "hi", "meri ungliyan neeli pad gayi hain aur thandi hain", False, (E,)),
    ("change", "tl", "Naging kulay ube at malamig ang mga daliri ko sa paa", False, (E,)),
    ("change", "ar", "sawabe3 ijri saro zar2a w barde", False, (E,)),
    ("change", "ar", "اصابعي صارت زرقا و بارده", False, (E,)),
    # can't move
    ("move", "es", "De repente no lo puedo mover, el pie derecho", False, (E, U)),
    ("move", "pt", "Do nada não consigo mais mexer o pé", False, (E, U)),
    ("move", "fr", "Soudain je n'arrive plus à bouger mes orteils", False, (E, U)),
    ("move", "de", "Ich kann plötzlich die Zehen nicht bewegen", False, (E, U)),
    ("move", "ru", "Вдруг не могу пошевелить стопой", False, (E, U)),
    ("move", "hi", "achanak pair hila nahi pa raha", False, (E, U)),
    ("move", "hi", "subah se pair hil nahi raha", False, (E, U)),
    ("move", "hi", "अचानक पैर हिल नहीं रहा", False, (E, U)),
    ("move", "tl", "Biglang hindi ko na maigalaw ang mga daliri ko sa paa", False, (E, U)),
    ("move", "tl", "Bigla, di ko magalaw ang paa ko", False, (E, U)),
    ("move", "tl", "Biglang hindi ko magalaw ang paa", False, (E, U)),
    ("move", "tl", "hindi maigalaw ang paa ko simula kaninang umaga", False, (E, U)),
    ("move", "ar", "faj2a ma 3am ba2dar 7arrek rijli", False, (E, U)),
    ("move", "ar", "mish 2adir 7arrek ijri men el sob7", False, (E, U)),
    ("move", "ar", "فجاه ما بقدر حرك رجلي", False, (E, U)),
    # Italian, Polish, Turkish, Dutch ("hist": history; "but": a denial ended by "but")
    (
        "hypo",
        "it",
        "Cosa devo fare se un giorno le dita diventano viola e fredde? Per ora sto bene",
        False,
        (N,),
    ),
    ("hypo", "it", "E se il piede si gonfia con la febbre, vado al pronto soccorso?", False, (N,)),
    (
        "hypo",
        "pl",
        "Co mam zrobić, jeśli palce zrobią się sine i zimne? Na razie wszystko dobrze",
        False,
        (N,),
    ),
    ("hypo", "pl", "A jeśli stopa spuchnie i będzie czerwona, to groźne?", False, (N,)),
    ("hypo", "tr", "Parmaklarım morarırsa ne yapmalıyım? Şimdilik iyiyim", False, (N,)),
    ("hypo", "tr", "Ayağım şişerse ve kızarırsa tehlikeli mi?", False, (N,)),
    (
        "hypo",
        "nl",
        "Wat moet ik doen als mijn tenen blauw en koud worden? Voorlopig gaat het goed",
        False,
        (N,),
    ),
    ("hypo", "nl", "Wat als mijn voet plotseling gevoelloos wordt?", False, (N,)),
    ("other", "it", "Il piede di mia sorella è nero", False, (N,)),
    (
        "other",
        "it",
        "La mia vicina ha il piede gonfio e rosso, può fare gli esercizi? Io sto bene",
        False,
        (N,),
    ),
    ("other", "pl", "Moja sąsiadka ma spuchniętą i czerwoną stopę, czy może ćwiczyć?", False, (N,)),
    ("other", "pl", "Mój mąż ma czarny palec u nogi", False, (N,)),
    ("other", "tr", "Komşumun ayağı şiş ve kırmızı, egzersiz yapabilir mi?", False, (N,)),
    ("other", "tr", "Annemin ayak parmağı simsiyah oldu", False, (N,)),
    (
        "other",
        "nl",
        "Mijn buurvrouw heeft een gezwollen rode voet, mag zij de oefeningen doen?",
        False,
        (N,),
    ),
    ("other", "nl", "De teen van mijn man is blauw en koud", False, (N,)),
    ("carer", "it", "Scrivo per mia madre: il suo alluce è diventato nero", False, (E,)),
    ("carer", "pl", "Piszę w imieniu mamy, jej palec u nogi poczerniał", False, (E,)),
    ("carer", "tr", "Annem adına yazıyorum, ayak parmakları simsiyah oldu", False, (E,)),
    ("carer", "nl", "Ik schrijf namens mijn moeder, haar teen is zwart geworden", False, (E,)),
    ("neg", "it", "Il piede è rosso e caldo e il rossore si allarga, febbre no", False, (U,)),
    ("neg", "it", "dolore, nessuno. Tutto bene", False, (N,)),
    (
        "neg",
        "pl",
        "Stopa jest czerwona i gorąca, zaczerwienienie się rozszerza, gorączki nie mam",
        False,
        (U,),
    ),
    ("neg", "pl", "brak bólu, gorączki nie mam", False, (N,)),
    ("neg", "tr", "Ayağım kırmızı ve sıcak, kızarıklık yayılıyor, ateş yok", False, (U,)),
    ("neg", "tr", "Ayağım uyuşmuyor, ağrımıyor", False, (N,)),
    (
        "neg",
        "nl",
        "Mijn voet is rood en heet en de roodheid breidt zich uit, koorts heb ik niet",
        False,
        (U,),
    ),
    ("neg", "nl", "Pijn: nee. Tintelingen: nee.", False, (N,)),
    ("change", "it", "Le dita stanno diventando blu e fredde", False, (E,)),
    ("change", "pl", "Palce zrobiły się sine i zimne", False, (E,)),
    ("change", "tr", "Parmaklarım morardı ve buz gibi oldu", False, (E,)),
    ("change", "nl", "Mijn tenen worden blauw en koud", False, (E,)),
    (
        "move",
        "it",
        "Di colpo non riesco a muovere il piede",
        False,
        (
            E,
            U,
        ),
    ),
    (
        "move",
        "pl",
        "Od godziny nie mogę poruszyć stopą",
        False,
        (
            E,
            U,
        ),
    ),
    (
        "move",
        "tr",
        "Bu sabahtan beri ayağımı oynatamıyorum",
        False,
        (
            E,
            U,
        ),
    ),
    (
        "move",
        "nl",
        "Sinds een uur geleden kan ik mijn voet niet bewegen",
        False,
        (
            E,
            U,
        ),
    ),
    ("hist", "it", "L'anno scorso avevo formicolio ai piedi, adesso niente", False, (N,)),
    ("hist", "pl", "W zeszłym roku miałam mrowienie w stopach, teraz nic", False, (N,)),
    ("hist", "tr", "Geçen yıl ayağımda uyuşma vardı, şimdi yok", False, (N,)),
    ("hist", "nl", "Vorig jaar had ik tintelingen in mijn voeten, nu niet meer", False, (N,)),
    (
        "but",
        "it",
        "Nessun dolore, ma formicolio alle dita",
        False,
        (
            R,
            U,
        ),
    ),
    (
        "but",
        "pl",
        "Nie boli, ale mrowi mnie w palcach",
        False,
        (
            R,
            U,
        ),
    ),
    (
        "but",
        "tr",
        "Ağrı yok ama parmaklarımda karıncalanma var",
        False,
        (
            R,
            U,
        ),
    ),
    (
        "but",
        "nl",
        "Geen pijn, maar wel tintelingen in mijn tenen",
        False,
        (
            R,
            U,
        ),
    ),
]


@pytest.mark.parametrize(("family", "language", "text", "diabetes", "accept"), FAMILY_CASES)
def test_families_of_meaning_survive_the_gloss(
    family: str, language: str, text: str, diabetes: bool, accept: tuple[Level, ...]
) -> None:
    result = assess(text, diabetes=diabetes)
    assert result.language == language, (text, result.language)
    assert result.level in accept, (family, text, gloss(text, language), result.level)


def test_every_language_has_each_family() -> None:
    for family in ("hypo", "other", "carer", "neg", "change", "move"):
        languages = {lang for fam, lang, _, _, _ in FAMILY_CASES if fam == family}
        assert languages >= set(LANGUAGES), (family, set(LANGUAGES) - languages)


@pytest.mark.parametrize(
    ("language", "text", "level"),
    [
        # A habitual "if" with an action is a report, not a question.
        ("es", "si hago la toalla me duele el talón", S),
        ("de", "wenn ich die Übung mache, tut der Zeh weh", S),
        ("ru", "если делаю упражнения, болит стопа", S),
        # A denial governs its own symptom only, also without articles.
        ("ru", "нет температуры и нога красная и горячая", U),
        ("hi", "bukhar nahi aur pair laal aur garam hai", U),
        ("tl", "walang lagnat at namamaga at mainit ang paa ko", U),
        ("ar", "7arara ma fi w rijli a7mar w sokhn", U),
        ("es", "tengo fiebre y el pie rojo e hinchado, dolor no tengo", E),
        # "The pain isn't going away" is no denial.
        ("hi", "dard nahi ja raha aur pair laal hai", R),
        ("es", "el dolor no se va y el pie está rojo e hinchado", U),
        # The patient's own symptom and someone else's in one sentence: the patient's counts.
        ("tl", "Namamaga ang paa ko, pati ang paa ng kapatid ko", R),
        ("ru", "Болит нога у меня и у соседки", S),
    ],
)
def test_families_do_not_hide_the_patients_own_symptoms(
    language: str, text: str, level: Level
) -> None:
    result = assess(text, diabetes=False)
    assert result.language == language
    assert result.level == level, (text, gloss(text, language), result.level)


def test_gloss_of_the_families() -> None:
    assert gloss("Fieber habe ich keins", "de") == "no fever"
    assert gloss("fièvre, non", "fr") == "no fever"
    assert "no fever" in gloss("febre não tenho", "pt")
    assert "no fever" in gloss("температуры нет", "ru")
    assert "no fever" in gloss("walang lagnat", "tl")
    assert "no fever" in gloss("ma fi 7arara", "ar")
    assert "what should i do if" in gloss("Que faire si mon pied gonfle ?", "fr")
    assert "what if" in gloss("und wenn der Zeh blau wird?", "de")
    assert "can't move" in gloss("hindi ko na maigalaw ang paa ko", "tl")
    assert "can't move" in gloss("ma 3am ba2dar 7arrek rijli", "ar")
    assert "my neighbour" in gloss("el pie de mi vecina", "es")
