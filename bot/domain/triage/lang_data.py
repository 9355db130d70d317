"""Word lists and phrase tables for ``bot.domain.triage.lang``: data only.

Each table line is ``pattern = english``: a regular expression over the prepared text (lower
case; accents folded for Latin-script languages, "ñ" kept; Arabic without short vowels, one
alef, "ة" as "ه"), and the plain English that ``bot.domain.triage.engine`` reads for it. An empty right side
drops the words (articles, particles, fillers). ``\\w*`` after a stem covers inflections
("duel\\w*" is "duele", "duelen", "dolía" folded). The patterns are tried longest first, so
"no puedo mover" wins over "no".

The English side is written in the phrasing the English rules already know: "can't move",
"suddenly", "since this morning", "my face is drooping", "trouble speaking", "numb between my
legs", "can't urinate", "redness spreading", "isn't healing", "i am diabetic", "worse than
before", "no improvement", "crossing over", and negation before the symptom ("no pain").
"""

# Phrase tables are one line per entry on purpose (a phrase and its English side are read
# together), so their lines may be longer than the code's limit.
# ruff: noqa: E501

from __future__ import annotations

from typing import Final


def _table(spec: str) -> tuple[tuple[str, str], ...]:
    rows = []
    for raw in spec.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pattern, sep, english = line.partition(" = ")
        if not sep:  # "pattern =": the words are dropped
            pattern, english = line.rstrip(" ="), ""
        rows.append((pattern.strip(), english.strip()))
    return tuple(rows)


LATIN_LANGUAGES: Final = frozenset({"es", "pt", "fr", "de", "it", "pl", "tr", "nl"})

# Common English words (function words, chat words, the body and symptom words): they weigh for
# English in detection, and survive the gloss when a foreign message borrows them.
_ENGLISH: Final = """
    i i'm im i've me my mine myself you your u ur he she it it's its we our they them their his
    her the a an and or but so if then than that this these those there here what when where
    why how who which is are was were be been being am do does did done doing have has had
    having can can't cant cannot could couldn't will won't wont would should shall may might
    must not no yes yeah yep nope ok okay okey k pls plz please thanks thank thx ty hi hello hey
    good morning evening night afternoon today tomorrow yesterday now just still again also too
    very really quite bit little lot lots much many more most some any all both each every one
    two three four five six seven eight nine ten first second third last next week weeks day
    days month months year years time times hour hours minute minutes since for from to of in
    on at by with without about after before during while up down out over under into off
    again went go going gone get got getting feel feels felt feeling like look looks looking
    know think sure maybe not don't dont doesn't didn't isn't aren't wasn't haven't hasn't
    toe toes foot feet heel heels sole soles ankle ankles leg legs knee knees arm arms hand hands
    finger fingers face mouth nail nails skin big small left right side body back
    pain pains hurt hurts hurting sore ache aching numb numbness tingling tingle tingly burning
    swollen swelling red hot cold blue black white pale purple weak weakness move moving lift
    exercise exercises exercising threading towel marbles band bands circles spread spreading
    rotations stretch session reps set sets sand walk walking pebbles
    doctor nurse therapist help advise kindly sir madam ma'am dear regards
    lol haha omg tbh idk btw rn tho cos cuz coz gonna wanna gotta ya yall y'all
    dey don abeg wetin dem una sef o wahala comot waka pikin oga e am na sha jare abi
    """
ENGLISH_WORDS: Final = frozenset(_ENGLISH.split())


# More everyday English words (from English chat about feet and exercise, checked against an
# English dictionary): only to tell a message in a language not covered ("other") from English
# that simply uses few of the words above.
_COMMON_ENGLISH: Final = """
    ability able abort abrasion absolutely acceptable accident ace ached aches achy across
    actually acute adaptation add adding adherence adolescence advice afebrile affect afore
    afraid afterwards against age ages aggravating aggressive ago agony agree ah ahead aim
    alarmed alive allotment almost alone along already alright alternatives although always
    amazon ambulance amputate anaesthesia angle angry another answer answering ant anti ants
    anyhow anymore anyone anything anyway anywhere apart app appeared appears approximately
    april arch area areas armchair around arrived arthritic arthritis arthur arvo as ask asked
    asking asks asleep aspect asymmetry asymptomatic ate attached august autumn avoid aw away
    awful aye ba baby backside backwards bad baking balance balancing ball ballet balls bang
    barefoot barely base baseline basically bath bathroom baths beach beans became because
    become bed bedtime began beginning behalf behave behind belly belong belongs bench bend
    bending bends bendy beneath benefit bent beside better betty between bigger bike bilateral
    bilaterally binned bird birth bits blackish bladder blankets bled bleeding blister blisters
    blood bloods bloody blotchy bluish blurry boil boiled book boots border boredom bores boring
    born borrowed boss bot bother bothered bottle bottom bought bowel bowels bowl box boxes
    brain brazil break breakfast breathe brief bright bristol bro broke broken brown brownish
    bruise bruised brutal bum bump bunion bunions burn burns burnt burst busy buttocks buy buzz
    buzzing cable cake calf calfs call calls callus calmer calves came cap car carb cardboard
    carer carpet carry carrying case cast cat catch cause caused causes causing cellulitis
    centre chair champ chance change changed changing channels charcoal chase chattering
    cheating check checked checking cheek cheers chef chemo chickpeas childhood children chills
    christmas chronic church circulation clarification class claw clawed clawing claws cleaned
    clear cleared click clicked clicking cling clock clockwise clogs close clumsy cm coal coffee
    coincidentally color colour come comes comfy coming compared complain complaining complete
    completed completely completeness compliance complicated compound concern concert condition
    confess confirming confuse confused confuses consecutive consequence considerable
    considerably consistent constant contacts continue continuing control controlled controlling
    copy corn corner cotton couch count counting counts couple cousin covered crab crack cracked
    cracks cramp cramping cramps crawling creak creeping crept crooked cross crossed crossing
    crust cup cuppa cure cured curious curl curled curling curves customer cut cuts dad dads
    daft daily danced dancing dangerous dark dat daughter daughters de dead deadline deal deck
    declared deep define definitely deformity delay dentist dents describe desk despite dew
    diabetes diabetic diagnosed dictating die difference different difficult difficulties
    difficulty digging dining dinner dis disappointed disc discernible discharge discharged
    discomfort distinctly distribution disturb ditched dizzy dm doc dog doms dorsiflex double
    doubled dragging drags drama drawer drawing dressed dresser drew dribbling dried drifting
    drifts drill drink drive driving drooping droopy drop dropped dropping drops drowsy dry dug
    dull dumb dun dusky duvets dying earlier early ears ease eased easier easily easing easy
    eating ed edge edges effect eh either el elastic electric else em embarrassed embarrassing
    embarrassment emergency end ends english enjoyed enough enter entirely epidural erythema
    especially even evenings ever eversion everybody everything everywhere evidence exactly
    exams except excitement exersizes exorcises expect expected experienced explain extension
    extra eye eyes fades faithfully fan fancy far fascia fasciitis fast fat father fatigue
    fatter fear feb fed feeder fell fella fever feverish few fewer fife figurative fill film
    films finally find finds fine fingertips finish finished fire fish fit fizzing fizzy
    flagging flags flare flared flaring flat flats flatter flexible flexion flicked flip floor
    flop floppy flops flow flu fluffy foggy folded folding following football foots forefoot
    foreign forgetting forgive forgot form forming fortnight forty forward found fourth frame
    freer freezing frequency friction friday fridge friend fright front frostbite frozen full
    fully fun funny further fuss fuzzy fyi gain game gang gangrene gap garage garden gather gave
    general gentle gently genuinely gets gied give given gives giving glass glitter glove
    glucose goal goat god goes googling gout gp grab gradual gradually grand grandad
    grandchildren granddaughter grandkids grandma grandmas grandmother grandpa grandson
    grandsons grass grateful gravel graze great green grey greyish grill grim grinds grip
    gripping grips groin ground group growing grown guess gunk gym gymnastics hairy half halfway
    hallux ham hammer han handed hang hangs happen happened happening happens happy hard harder
    hardest hardly hated hates head headache healed healing hear hearing heart heat heating
    heavy hell helped helping henderson hes high higher hike hilarious him himself history
    hitting hmm hobbit hold hole holiday home homework honest honestly hook hope horrible horror
    hospital hotel house however hr hums husband hypo hypochondriac hypothetically ibuprofen ice
    icy idea idiot ill immediately improved improvement improving including increase increased
    independence independent independently indoor indoors infected infection inform ingrowing
    ingrown injection injections inner inside insidious instead instructed instructions insulin
    intact intermittent interview intrinsic intrinsics isolate isolation isolations issue issues
    itself jaggy january jelly jesus jo job john join joint joints joke jokes jolts josh jot joy
    joyce july jumbled karen keen keep keeping keeps kept kerb kettle kid kids killer killing
    kind kinda kitchen knackered knows knuckle knuckles ko la laces lady lagos lang large lasts
    late lately later lateral lawn lay lazy lead leaflet leaking leaning leans least leave
    leaving legged legit lemonade lent less let letters letting level life lifting lifts light
    lightning likely lil limp line liquid list listen listening literally lmao loft log logged
    logging long longer loo looked loose loosen loosened loosening loosens looser lopsided los
    lose losing loss lost lotion loud love loved lovely low luck lumbar lump lunch lunchtime ma
    mad made make makes making mal manage managed marathon marble march marching margaret margin
    mark marked market marks marvels massage massive match matches mate mats matter matters mean
    meaning meant measurable measure measured medial medicine meeting mental mention mentioned
    mentioning message metformin mi mid middle migraine mild millimetre min mind miner mins
    miracle mirror mis missed mm moans mobilisation modifications monday mood morn mornings
    mortons mostly mother motivated motor mottled moved movie mr mrs ms mud muddled muddy
    muffled mum murder muscle muscles music nap nasty near nearly need needed needle needles
    needless neighbour neither nemesis nerve nerves neuroma neuropathy never new newspaper nice
    nicely nieces nightmare nights noisy non none nonsense nor normal normally note nothing
    notice noticed noticing nowhere nylon obeying observed observing obsessed obvious obviously
    occurs odd often oh old once ones online only onset onto oozing op open order other others
    otherwise ouch ought outdoors outset outside overdid overdo overdoing overlap overlapping
    overnight overreact overreacting ow own pa pad pads painful painfully paining paint painted
    palpable panicking panicky paper paracetamol paraesthesia paralysis paralyzed park parking
    part particular particularly partly partway party pass passing past pastor patch patchy path
    patient patients pause pausing pebble peculiar pedal pedicure pee peeing peel peeling pen
    pending people pepper per perfect perfectly performed performing perhaps peroneal persevered
    phone photo photos physio physiotherapist pic pick picked picking pickup pickups piece pies
    pin pinch pinched pinches pinching ping pink pinkish pinky pins pished pit place planning
    plantar plaster pleased plodding plot podiatrist podiatry point pointed points pointy pokers
    polish pool poorly popped porridge positive possible post postpartum poured powder practice
    practise practising praise precaution precautions prefers pregnancy pregnant prepared
    prescribed present press presses pressure prevent previously prick prickling print prob
    probably problem problems produces program programme progress progressive progressively
    promise promised proper properly protested proximal puffier puffy pull pulled pulling pulls
    pulse pulses pump puncture purely purpose purulent pus push pushed pushes pussy put question
    questions quick radiator raining raise ramble ran rang rates rather raw rays rd reach
    reached read reading real realising reason recent recently reckon recommended records
    recovered recovery redder redness references referral refill refreshing refuse regarding
    regret related religiously remained remember remind reminder reminders rep repetitions
    replace reply report reporting reports reproduced resend resistance resisted resolved
    respected respond responding rest restart rests result results resumed review ride riga rin
    ring rise road rolled rolling rom rong room roommate rotten rough round rounds routine rub
    rubbed rubber rubbery rubbing rubs run running runs saddle safe said sam same sandals
    sandbags sat saturday sausage saw say saying says scab scare scared scary schedule school
    sciatica scores scratch scratches screen screened screenshot scrunch scrunches seaside seat
    seated sec seconds secs see seeing seem seems seen seize self send sending sends sensation
    sense sent separate separately separators september serious sessions settle settled seventh
    several sewing shaking shaky shape shaped share sharp sharper sharply shave sheet shell
    shells sherbet shift shin shiny shiver shivering shivers shivery shock shocks shoe shoes
    shook shooting shoots shop shops short shorter shoulder show showed shower shows shrug
    siblings sick sides sideways sign signs silly similar simple simply single sister sisters
    sit site sits sitting size skip skipped skipping slapping slaps sleep sleeping sleet slept
    slides slight slightly slipper slippers slippery slipping slow slowly slurred slurry smell
    smells smile snapped sneakers snow snowing soak society sock socks sofa soft softer soggy
    somebody somehow someone something sometime sometimes son soon soreness sorer sorry sort
    sorted sound sounds speak special speech spent spin spinning spirits splinter split
    splitting spot spotted sprain sprained spreadsheets spring squashed squats squeeze st stab
    stabbing stage stairs stall stand standing start started starting states static stay stayed
    staying stays steady steal stealing step stepped stick sticking sticks stiff stiffer
    stiffness stings stocking stone stones stood stop stopped stopping stops stories story
    straight straighten straighter strange streak streaks strength stretched stretching stretchy
    strike stripe stroke strong stronger stubbed stubborn stuck stuff such sudden suddenly sugar
    sugars suggested suitable summer sun sunburn sunday sundays sunny superficial supervising
    supple supposed surgeon surgery swallow swallowed swear sweats sweaty sweet swell swelled
    switched swore symptoms ta table take taken takes talk talking tan tank tap tape tea teach
    teacup team teary teatime teenager teeth telephone telephoned tell telling tells telly temp
    temperature tender tenth term terrible test tests text texture th thankyou themselves
    therefore theres thermometer thick thicker thighs thing thinks thirty thorn though thought
    thread threaded thresholds throb throbbing throbs through throughout thru thursday thus
    ticked tie tight tighter til tiles till timing tin ting tingled tingles tink tinkling tiny
    tip tipped tips tiptoe tired toenail toenails together toilet told tonight took toothbrush
    top tops totally touch touched tough tow towards towels track tracking traction trail
    trainers training trampoline trauma travel travelling tray treating trick trickling tried
    trifling trim tripping trod trouble troublesome true trust try trying tucking tucks tuesday
    tun turkish turn turned turning turns tv twa twenties twenty twice twinge type typing tyres
    ugh ugly ulcer unable unaware unchanged uncomfortable underneath underside understand unless
    unrelated until unusual update updated ups upside urge urine use used using usual usually
    valgus vascular vaseline veins verruca vibrate video videos vision visiting voice voided
    wait waiting wake wakes walked wan want wanted wants war ward warm warmed warmer warmth
    warning wash waste watch watched watching water way weaker wear wearing weather wedding
    wednesday wee weekend weekly weeping weepy weight weird weirdness well wet whatever
    whatsoever whenever whether whit whole whom wider wife wiggle win winces winter wipe wiping
    wire wis wish within wobbles wobbly woke wonder wondering wood wool word words wore work
    working workout worried worries worry worse worth wound wounds wrapped write writing wrong
    ye yellow yellowish yesterdays yet yin yo yoga yours youtube yr yrs zap zaps zero zeros
"""
COMMON_ENGLISH: Final = ENGLISH_WORDS | frozenset(_COMMON_ENGLISH.split())

# Detection: distinctive words per language, two points each (STRONG) or one (WEAK, words that
# are short or shared with names and other languages). No English word may appear here.
_STRONG: Final[dict[str, str]] = {
    "es": """
        tengo tienes tiene estoy esta estan muy pero dolor dolores duele duelen dedo dedos hoy
        ayer desde hace mucho mucha cuando hago ejercicios ejercicio siento gracias hola bien
        tambien puedo derecho izquierdo poco pierna piernas rojo roja hinchado
        hinchada diabetica diabetico termine senti mañana manana despues porque donde
        hormigueo entumecido adormecido ardor herida ampolla fiebre peor mejor mejorado
        repente uña uñas talon tobillo mueve boca brazo lado mareo orinar
        frio fria negro negra morado calambre ahora estoy sigue todavia mis nuestro
        entonces ningun ninguna embargo usted hija hijo madre padre esposo
        esposa abuela marido hermana hermano circulos toalla canicas""",
    "pt": """
        nao meu minha meus minhas estou tenho hoje ontem muito muita dor dores doi
        doendo faco exercicios exercicio ficando preto preta vermelho vermelha quente febre
        sem obrigado obrigada tudo bem pra voce você dedao dedinho perna pernas inchado
        inchada formigamento formigando dormente dormencia queimacao ferida bolha melhorou
        piorou pior nada mexer mexe consigo posso sinto ainda tambem também porque depois
        agora manha mae pai filho filha marido esposa avo irmao irma calcanhar tornozelo unha
        tontura boca rosto braco lado visao xixi urinar frio fria roxo roxa semanas meses
        inchar ficar ficou virou vizinha vizinho dela dele""",
    "fr": """
        je j'ai suis les des est pas pied pieds orteil orteils douleur depuis hier mais avec
        dans tres une bouge bouger c'est elle femme gauche droit droite jambe jambes fievre
        rouge chaud gonfle merci bonjour exercices exercice mal fourmillements fourmille
        engourdi brulure plaie ampoule aujourd'hui matin soir peux sens mon mes mere pere
        mari fils fille frere soeur visage bouche cote vertige uriner froid noir noire
        bleu violet talon cheville ongle pire mieux toujours encore rien quelques semaines
        mois ans chevauche chevaucher commence parle bizarrement dit aussi""",
    "de": """
        ich nicht und ist zeh zehe zehen fuss fusse kann seit heute kein keine keinen auch
        schmerzen schmerz habe nur sehr aber bei beim wenn auf wie noch mehr plotzlich morgen
        gestern bewegen taub taubheit kribbeln kribbelt brennen brennt geschwollen rot rote
        fieber wunde blase mein meine meinen meiner mir mich tut weh bein beine mutter vater
        frau mann tochter sohn oma opa gesicht mund arm schwindel kalt schwarz blau blass
        schlimmer besser ubungen ubung spreizen leichtes ziehen grossen grosse kleinen
        wochen monaten tagen jetzt immer wieder dass""",
    "hi": """
        mera meri mujhe muje hai hain raha rahi rahe nahi nahin nhi aaj aur bhi kya
        bahut bohot bahot thoda thodi dard pairon paon ungli ungliyon ungliyan anguthe
        angutha achanak sunn sunnpan jhunjhunahat sujan soojan gaya gayi hua hui lekin karte
        waqt dikkat tha thi hoon accha acha theek thik bukhar kuch itna chhala chhale
        kamzori kamzor chakkar bolne peshab thanda kala neela laal garam ghaav zakhm
        kal subah pehle pahle zyada jyada sab hafte mahine saal maa pati patni beti
        beta bhai behen dono taang tangon edi talwa karne waala wala mujhko hota hoti""",
    "tl": """
        ang ng mga yung ako akong naman lang hindi wala walang masakit paa daliri tapos kasi
        talaga rin biglang bigla namanhid manhid namamanhid namamaga sugat hinlalaki ngayon
        kahapon kanina medyo siya niya nanay tatay opo salamat hirap ginagawa kaliwang kanang
        braso binti talampakan magsalita maga kirot sumasakit pula namumula lagnat nana
        malamig maputla itim paltos dugo dumudugo kuko sakong ulit parin pero kaso ngunit
        ulit""",
    "ar": """
        3andi 3ndi rijli rjli ijri ejri sokkar sukkar shwayya shway mwarrama embare7 mbare7
        el7amdulillah alhamdulillah hamdulillah kollo tamam khalast khalas tamarin sob3 azra2
        bared barde 3am ba2dar 7arrko biwaja3ni waja3 wja3 mish msh mafi inshallah ya3ni kteer
        ktir aswad a7mar 7arara homma dokha ommi zawji zawjti ibni binti okhti akhi lessa
        lissa kaman lakin ma3""",
    "it": """
        sono piede piedi dito dita alluce mignolo tallone caviglia caviglie gamba gambe dolore
        dolori molto oggi ieri stamattina improvvisamente improvviso formicolio intorpidito
        intorpidita addormentato addormentata gonfio gonfia gonfiore rosso rossa caldo calda
        febbre freddo fredda freddi nero nera neri nere bianco bianca pallido pallida viola
        ferita vescica sangue sanguina diabete diabetico diabetica esercizi esercizio
        asciugamano biglie grazie ciao stato stata diventato diventata diventate diventati
        riesco muovere sento sentito perche anche ancora sempre settimane settimana mesi
        peggio peggiorato peggiorata meglio migliorato migliorata marito moglie figlio figlia
        sorella fratello vicina vicino amica amico faccia bocca braccio parlare della nella
        sulla dopo questo questa cosa volte devo fatto brividi bruciore crampi unghia mio
        mia miei sinistro destro sinistra destra niente nulla tutto adesso bene gli
        quante alla farli piu vedo urinare gonfie rosse""",
    "pl": """
        mam mnie sie nie jest bardzo boli bol bolu stopa stopy stopie stope palec palce
        palcach palca palcami pieta piecie piety noga nogi nodze noge nogach cukrzyca
        cukrzyce cukrzycy cukrzyk cwiczeniach cwiczenia cwiczen cwiczenie dzisiaj dzis
        wczoraj rano nagle zrobil zrobila teraz jeszcze tez juz ale czy moja moj moje mojej
        mojego dretwieje dretwienie mrowienie mrowi pieczenie piecze spuchnieta spuchniety
        opuchniete obrzek czerwona czerwony czerwone goraca goracy cieplo zimna zimny zimne
        blada blady biala bialy sina siny niebieska niebieski fioletowa czarna czarny czarne
        poczernial poczerniala martwa ropa rana pecherz goraczka goraczke goraczki dreszcze
        krew krwawi tata maz zona corka syn siostra brat babcia sasiadka sasiad kolezanka
        przyjaciolka dziekuje dzieki czesc dobrze wszystko troche tygodni tygodnie miesiecy
        ruszac poruszac moge czuje nic bez gorzej lepiej twarz usta mowic moczu obie nogami
        palcow stop opadl kacik ust mowie mowi niewyraznie belkocze""",
    "tr": """
        ayak ayagim ayagimda ayaklarim ayaklarimda parmak parmaklarim parmagim parmaklar
        topuk topugum topugumda bacak bacagim bacaklarim cok agri agriyor agrim agrisi aciyor
        simsiyah siyah karardi mor morardi mavi soguk sicak sisti sismis sislik kizardi
        kirmizi kizarik yara yaram ates atesim titreme uyusma uyustu uyusuyor karincalanma
        yanma yaniyor iltihap kaniyor seker sekerim diyabet hastasiyim ve degil yok var oldu
        bugun dun sabah aniden birden hafta gun egzersiz egzersizler egzersizleri egzersizden
        havlu merhaba tesekkurler tesekkur sagol iyiyim iyi annem babam esim kizim oglum
        komsum arkadasim benim hareket ettiremiyorum yapamiyorum yapiyorum yaptim simdi hala
        gibi kadar sonra beri hic biraz oldu oldular agrimiyor hissetmiyorum""",
    "nl": """
        ik mijn voet voeten teen tenen hiel benen pijn doet koud koude blauw blauwe zwart
        zwarte witte bleek rood rode gezwollen koorts wond blaar tintelen tintelingen
        tintelt gevoelloos doof niet geen heeft ook maar erg veel vandaag gisteren vanochtend
        vanmorgen plotseling opeens ineens sinds oefeningen oefening handdoek knikkers
        bedankt hallo hoi goedemorgen moeder vader vrouw dochter zoon zus broer buurvrouw
        buurman een zijn nog meer slechter erger weken maanden dagen goed gedaan klaar
        bewegen voel heel wordt geworden""",
}
_WEAK: Final[dict[str, str]] = {
    "es": "el la los las que y en mi con por para una es se ya del al su pie si lo le todo nada cara he",
    "pt": "os um uma e do da no na que de se pe ja mas esta com",
    "fr": "le la du de et un en qui que il ne sur au aux ou ma",
    "de": "der die das den dem ein eine zu im mit fur er sie es",
    "hi": "ka ki ke ko se mein me ho ne par pe bas woh vo mere",
    "tl": "ay si ni mo yan po ko sa pag ba nga din nana",
    "ar": "ana fi w wa el il ma men mn",
    "it": "il non che di del la mi per con un una sul al ma ha ho lo le ora se sta mamma nonna",
    "pl": "po na od mi za co to pod przy mama",
    "tr": "bir bu mi mu ne ben daha ay ile o kan",
    "nl": "de van en op het wat al kan ben alles wel",
}


def _index() -> dict[str, tuple[tuple[str, int], ...]]:
    out: dict[str, dict[str, int]] = {}
    for spec, points in ((_STRONG, 2), (_WEAK, 1)):
        for lang, words in spec.items():
            for w in words.split():
                if w not in ENGLISH_WORDS:
                    langs = out.setdefault(w, {})
                    langs[lang] = max(langs.get(lang, 0), points)
    return {w: tuple(langs.items()) for w, langs in out.items()}


# word -> ((language, points), ...): one look-up per word in detection.
FOREIGN_WORDS: Final = _index()

# Numbers and units, shared shape in every table: "dos semanas" -> "2 weeks" for the rule on
# no improvement after 6-8 weeks.
_ES = r"""
(?:la |las |mis |sus )?(?:zona|zonas|partes) intimas?|genitales|entrepierna|mis partes = my genitals
(?:se me )?(?:esta |estan )?encog\w*|(?:se )?(?:esta |estan )?enrosc\w* = curling
(?:como )?garras? = like claws
cada (?:mes|semana) (?:un poco )?mas|mas cada (?:mes|semana) = more every month
(?:siento|sentia|siente|tengo|tiene) (?:como )?(?:unos? )?(?:toques|descargas|corrientes|calambres) (?:electric\w* )?= i feel electric shocks
(?:toques|descargas|corrientes) electric\w*|corrientazos = electric shocks
a veces = sometimes
# onset and time
de repente|de golpe|repentinamente|subitamente|derrepente|de la nada|sin aviso|sin avisar = suddenly
desde (?:esta|hoy por la|hoy en la|la) ma[ñn]ana = since this morning
esta ma[ñn]ana|hoy por la ma[ñn]ana = this morning
desde ayer|desde anoche = since yesterday
ayer = yesterday
anoche = last night
hoy = today
ahora|ahorita = now
todo a la vez|todo de una vez|de una vez|al mismo tiempo = all at once
al despertar\w*|me desperte = woke up
desde hace = for
hace (?:muchos |varios )?a[ñn]os = years ago
el a[ñn]o pasado = last year
de ni[ñn][oa]|de joven|cuando era (?:joven|ni[ñn][oa]) = as a child
solia|antes tenia|antes sentia = used to have
otra vez|de nuevo|nuevamente = again
todavia|aun|sigue|siguen = still
se (?:me )?(?:fue|paso|quito)|ya se fue|ya paso|desaparecio = went away
ya no (?:me )?duele\w* = it doesn't hurt any more
# movement and weakness
no (?:puedo|podia|pude|logro|consigo|soy capaz de) (?:mover|menear)\w* = can't move
no (?:se )?(?:me )?mueven? = won't move
no (?:puedo|pude) (?:levantar|subir)\w* = can't lift
ya no puedo = can't any more
no puedo = can't
no (?:siento|sentia|senti) = can't feel
no (?:me |le )?duel\w* = doesn't hurt
no tengo = i don't have
no hay = there is no
no (?:mejora|mejoro|ha mejorado|he mejorado|hay mejoria|veo mejoria|noto mejoria)\w* = no improvement
sin (?:ninguna )?mejor\w*|ninguna mejor\w*|nada de mejoria|sigue igual|todo igual|igual que antes = no improvement
no (?:se )?(?:cierra|cura|sana|cicatriza)\w* = isn't healing
si(?=\s*[,.!]) = yes
no(?=\s*[,.!]) = no,
no = no
ni = nor
sin = without
nada = nothing
paraliz\w* = paralysed
debil\w*|sin fuerza\w*|flojo|floja = weak
mover\w*|menear = move
# stroke
se (?:me |le )?(?:tuerce|torcio|cae|cayo|desvia|desvio|ladea|ladeo|cuelga|colgo) (?:la |mi |su )?(?:boca|cara) = my face is drooping
(?:boca|cara) (?:\w+ ){0,2}?(?:torcida|caida|ladeada|desviada|chueca|paralizada|colgando|dormida) = my face is drooping
(?:no puedo|me cuesta|dificultad para|problemas para|trabajo para) hablar = i have trouble speaking
(?:hablo|habla|hablaba) (?:\w+ )?(?:raro|mal|extra[ñn]o|arrastrad\w*|enredad\w*|trabad\w*)|arrastr\w* las palabras|se me traba la lengua|lengua trabada|balbuce\w* = i have trouble speaking
boca = mouth
cara = face
brazos? = arm
manos? = hand
(?:un|el) lado del cuerpo|la mitad del cuerpo|medio cuerpo = one side of my body
lado derecho del cuerpo|lado izquierdo del cuerpo = one side of my body
lado = side
derech\w* = right
izquierd\w* = left
vision (?:\w+ )?(?:borrosa|doble|nublada)|veo (?:borroso|doble|nublado|mal)|vista (?:borrosa|nublada) = blurred vision
no veo (?:bien|nada) = can't see properly
mare\w*|vertigo = dizzy
(?:pierdo|perdi|sin) el equilibrio|desequilibr\w* = lost my balance
# cauda equina
entre las piernas|genitales|partes intimas|gluteos|nalgas|trasero|entrepierna = between my legs
no (?:puedo|logro|consigo) (?:orinar|hacer pis|mear|ir al ba[ñn]o) = can't urinate
(?:perdi|pierdo|sin) (?:el )?control de (?:la )?(?:vejiga|orina|esfinteres|los esfinteres)|me hice (?:pis|encima)|me orine = lost control of my bladder
incontinencia = incontinence
# circulation
fri[oa]s?|helad[oa]s? = cold
palid[oa]s? = pale
blanc[oa]s?|blanquecin\w* = white
azul\w*|amoratad\w*|morad[oa]s?|violeta = blue
(?:se )?(?:esta )?poniendo negr\w*|negr[oa]s?|ennegrecid\w* = black
(?:se ve|parece|esta como) muert[oa]s? = looks dead
muert[oa]s? = dead
gangrena = gangrene
sin pulso = no pulse
# infection
(?:el )?enrojecimiento (?:\w+ )?(?:se )?(?:extiende|esta extendiendo|sube|avanza)|lo rojo se (?:extiende|esta extendiendo) = redness spreading
se (?:extiende|esta extendiendo) = redness spreading
roj[oa]s?|enrojecid\w*|enrojecimiento = red
calient\w* = hot
hinchad\w*|inflamad\w*|hinchazon|inflamacion = swollen
pus|supura\w* = pus
heridas? = wound
(?:cada vez )?mas grande|crece|se agranda\w* = getting bigger
fiebre|calentura = fever
temperatura = temperature
escalofrios?|temblores|tiritando|tiritar = chills
confundid\w*|confusion|desorientad\w* = confused
infectad\w*|infeccion = infected
# diabetes
soy diabetic[oa]|tengo diabetes|tengo (?:el |la )?azucar(?: alta)?|diabetic[oa] = i am diabetic
es diabetic[oa]|tiene diabetes|tiene (?:el |la )?azucar = is diabetic
(?:le )?escribo (?:por|para) (?:ella|el|mi \w+)|escribo en (?:su )?nombre de \w+|(?:soy|es) (?:su|el|la) (?:cuidador|cuidadora|hij[oa]|niet[oa]|espos[oa]) = writing for her
# skin
ampollas? = blister
corte|cortada|me corte = cut
grietas?|agrietad\w*|rajad\w* = cracked skin
sangr\w* = bleeding
llagas?|ulceras? = ulcer
callos? = callus
# sensation and pain
hormigue\w*|cosquille\w*|hormigas = tingling
entumecid\w*|adormecid\w*|dormid[oa]s?|entumecimiento|insensible|sin sensibilidad = numb
ardor|ardiendo|quemazon|me arden?|arden? = burning
calambres? = cramp
pinchazos|agujas = pins and needles
me duel\w*|duel\w*|dolia|dolio = it hurts
dolor(?:es)? (?:fuerte|intenso|insoportable|terrible)\w* = severe pain
dolor(?:es)? = pain
adolorid\w*|dolorid\w* = sore
# exercise
ejercicios? = exercises
cuando hago|al hacer|mientras hago|haciendo|durante = when i do
circulos = circles
toalla = towel
canicas = marbles
estir\w* = stretching
peor(?:es)?|empeor\w* = worse
mas que antes|que antes = than before
# deformity
(?:se )?(?:esta )?(?:mont\w*|cruz\w*|superpon\w*|encim\w*|sub\w*|ech\w*) (?:sobre|encima de|por encima de|encima|debajo de) = crossing over
(?:se )?(?:esta |estan )?(?:torci\w*|tuerce\w*|dobla\w*|desvi\w*|inclin\w*|ladea\w*)(?: hacia (?:los |el |la |las )?(?:otros?|otras?|dentro|fuera|un lado|el lado))? = is leaning more toward the others
segundo = second
tercer\w* = third
cuarto = fourth
quinto = fifth
no (?:siento|sentia|senti) nada = can't feel anything
ahora (?:ya )?(?:nada|no)(?=\s*(?:[,.!]|$))|ya no(?=\s*(?:[,.!]|$)) = none now
(?:se )?(?:esta )?(?:doblando|encogiendo|curvando|metiendo) (?:hacia abajo|debajo) = curling under
en garra = clawed
martillo = hammer toe
torcid\w*|chuec\w* = twisted
# body
pies = feet
pie = foot
dedo gordo|dedo grande|dedo pulgar|pulgar del pie = big toe
dedo (?:peque[ñn]o|chiquito|me[ñn]ique)|me[ñn]ique = little toe
dedos? del pie|dedos de los pies = toes
dedos = toes
dedo = toe
talon(?:es)? = heel
planta del pie|plantas de los pies|planta = sole
tobillos? = ankle
piernas = legs
pierna = leg
uñas? = nail
ambos|ambas|los dos|las dos = both
# people
mi (?:mama|madre) = my mother
mi (?:papa|padre) = my father
mi (?:esposo|marido) = my husband
mi (?:esposa|mujer) = my wife
mi hij[oa] = my child
mi hermano = my brother
mi hermana = my sister
mi abuel[oa] = my grandmother
mi amig[oa] = my friend
mi vecin[oa] = my neighbour
el|ella = he
# contrast and glue
pero|aunque|sin embargo = but
excepto|salvo|menos = except
y|e = and
o|u = or
con = with
en = in
de|del = of
el|la|los|las|lo = the
un|una|unos|unas = a
mi|mis = my
su|sus = the
yo = i
tengo = i have
tiene = has
esta|estan|es|son|estoy = is
muy = very
un poco|poco|algo = a bit
mucho|mucha|muchos = a lot
que = that
cuando = when
desde = since
si = if
me|se|le|te|he|has|ha|han|hemos|haber =
hace =
dias? = days
semanas? = weeks
mes|meses = months
a[ñn]os? = years
uno = 1
dos = 2
tres = 3
cuatro = 4
cinco = 5
seis = 6
siete = 7
ocho = 8
unas pocas|unos pocos|algunas|algunos = few
termine|acabe|hice = done
bien|todo bien = fine
gracias = thanks
"""

_PT = r"""
de repente|subitamente|repentinamente|derrepente|do nada|de uma hora para outra = suddenly
desde (?:esta|hoje de|de) manha|desde cedo = since this morning
esta manha|hoje de manha|de manha = this morning
desde ontem(?: a noite)?|desde a noite passada = since yesterday
ontem = yesterday
hoje = today
agora = now
tudo de uma vez|ao mesmo tempo|de uma vez = all at once
acordei = woke up
ha (?:muitos |varios )?anos|anos atras = years ago
ano passado = last year
quando (?:eu )?era (?:crianca|jovem|pequen[oa])|na infancia = as a child
costumava|antigamente|eu tinha = used to have
de novo|novamente|outra vez|voltou = again
ainda|continua = still
passou|sumiu|ja passou = went away
ja nao doi|nao doi mais = it doesn't hurt any more
nao (?:consigo|posso|conseguia|consegui) (?:mais )?(?:mexer|mover|movimentar)\w* = can't move
nao (?:se )?(?:mexe|move|mexem|movem)\w* = won't move
nao (?:consigo|posso) (?:levantar)\w* = can't lift
nao consigo|nao posso = can't
nao (?:sinto|sentia|senti) nada = can't feel anything
nao (?:sinto|sentia|senti) = can't feel
agora (?:ja )?(?:nada|nao|normal|passou)|ja nao(?=\s*(?:[,.!]|$)) = none now
segundo = second
terceiro = third
quarto = fourth
quinto = fifth
nao (?:me )?(?:doi|doeu|doem)\w* = doesn't hurt
nao tenho = i don't have
nao (?:melhor\w*|vejo melhora|ha melhora|teve melhora)|sem melhor\w*|nenhuma melhora|continua igual|tudo igual|igual a antes = no improvement
nao (?:cicatriza|sara|fecha|cura|fechou|sarou)\w* = isn't healing
nao(?=\s*[,.!]) = no,
nao = no
nem = nor
sem = without
nada = nothing
nenhum\w* = no
paralis\w* = paralysed
frac[oa]s?|fraqueza|sem forca = weak
mexer|mover|mexe = move
(?:entortou|entortando|caiu|caindo|repuxou) (?:a |minha )?(?:boca|rosto|cara) = my face is drooping
(?:boca|rosto|cara) (?:\w+ ){0,2}?(?:torta|torto|caid\w*|entortou|entortando|paralisad\w*|repuxad\w*|desviad\w*) = my face is drooping
(?:fala|falando|falo) (?:\w+ )?(?:enrolad\w*|arrastad\w*|estranh\w*|embolad\w*|esquisit\w*)|dificuldade (?:para|de|em) falar|nao consigo falar|lingua enrolad\w*|enrolando (?:a lingua|as palavras) = i have trouble speaking
boca = mouth
rosto|cara = face
braco\w* = arm
maos?|mao = hand
(?:um|o) lado do corpo|metade do corpo|lado (?:direito|esquerdo) do corpo = one side of my body
lado = side
direit\w* = right
esquerd\w* = left
visao (?:\w+ )?(?:embacad\w*|turva|dupla|borrada)|vendo (?:dobrado|embacado|turvo|duplo)|vista (?:embacada|turva) = blurred vision
tontur\w*|tont[oa]|vertigem = dizzy
(?:perdi|perco|sem) o equilibrio|desequilibr\w* = lost my balance
entre as pernas|partes intimas|genitais|nadegas|virilha|bumbum = between my legs
nao (?:consigo )?(?:urinar|fazer xixi)|retencao urinaria = can't urinate
incontinen\w*|perdi o controle d\w* (?:bexiga|urina|intestino)|fiz xixi nas calcas|escapou xixi = lost control of my bladder
fri[oa]s?|gelad\w* = cold
palid\w* = pale
branc\w*|esbranquicad\w* = white
azul\w*|azulad\w*|arroxead\w*|rox[oa]s? = blue
pret[oa]s?|negr[oa]s?|escurecid\w*|enegrecid\w* = black
(?:parece|esta com cara de) mort[oa] = looks dead
mort[oa]s? = dead
gangren\w*|necros\w* = gangrene
(?:a )?vermelhidao (?:\w+ )?(?:espalhando|subindo|aumentando|se espalha)|espalhando|se espalha = redness spreading
vermelh\w*|avermelhad\w* = red
quente\w* = hot
inchad\w*|inchaco|inchou|inchando = swollen
pus|secrecao = pus
feridas?|machucad\w* = wound
(?:cada vez )?maior|aumentando|crescendo = getting bigger
febre = fever
temperatura = temperature
calafrios?|tremedeira|tremendo = chills
confus\w*|desorientad\w* = confused
infeccionad\w*|infeccao|infectad\w*|inflamad\w* = infected
(?:sou |eu sou )?diabetic[oa]|(?:tenho |eu tenho )?(?:diabetes|diabete|acucar alto) = i am diabetic
e diabetic[oa]|tem diabetes = is diabetic
escrevo (?:por|para) (?:ela|ele|minha \w+|meu \w+)|(?:sou|e) (?:o |a )?(?:cuidador|cuidadora) = writing for her
bolhas? = blister
cortes?|cortei = cut
rachad\w*|rachaduras?|fissuras? = cracked skin
sangr\w* = bleeding
ulceras? = ulcer
calos? = callus
formiga\w*|formigueiro = tingling
dormente\w*|dormencia|adormecid\w*|sem sensibilidade|insensivel = numb
queima\w*|ardencia|ardendo|arde = burning
choques? = electric shocks
caimbras?|caibras? = cramp
dor(?:es)? (?:forte|intensa|insuportavel|horrivel)\w* = severe pain
doi|doem|doeu|doendo|doia = it hurts
dor|dores = pain
dolorid\w* = sore
exercicios? = exercises
quando (?:eu )?faco|durante|fazendo|ao fazer = when i do
circulos = circles
toalha = towel
pior\w*|piorou|piorando = worse
do que antes|que antes = than before
(?:esta )?(?:encavalad\w*|sobrepo\w*|(?:passando|subindo) (?:por )?(?:cima|em cima)|cruzando|montando) = crossing over
(?:dobrando|curvando|enrolando) para baixo = curling under
em garra = clawed
martelo = hammer toe
tort[oa]s? = twisted
pes = feet
pe = foot
dedao(?: do pe)?|dedo grande(?: do pe)? = big toe
dedinho(?: do pe)? = little toe
dedos? do pe|dedos dos pes = toes
dedos = toes
dedo = toe
calcanhar\w* = heel
sola do pe|planta do pe|sola = sole
tornozelo\w* = ankle
pernas = legs
perna = leg
unhas? = nail
os dois|as duas|ambos|ambas = both
(?:minha )?mae = my mother
(?:meu )?pai = my father
(?:meu )?marido = my husband
(?:minha )?(?:esposa|mulher) = my wife
(?:meu|minha) filh[oa] = my child
(?:meu )?irmao = my brother
(?:minha )?irma = my sister
(?:meu|minha) avo = my grandmother
(?:meu|minha) amig[oa] = my friend
ele|ela = he
mas|porem|contudo|entretanto = but
exceto|menos = except
e = and
ou = or
com = with
em|no|na|nos|nas = in
de|do|da|dos|das = of
o|a|os|as = the
um|uma = a
meu|minha|meus|minhas = my
seu|sua|seus|suas = the
eu = i
tenho = i have
tem = has
esta|estao|e|sao|estou|fica = is
ficando = getting
muito|muita|muitos = a lot
pouco|um pouco|meio = a bit
ha = for
desde = since
que = that
quando = when
o que (?:eu )?(?:faco|devo fazer) = what should i do
se = if
me|te|lhe =
dias? = days
semanas? = weeks
mes|meses = months
anos? = years
um = 1
dois|duas = 2
tres = 3
quatro = 4
cinco = 5
seis = 6
sete = 7
oito = 8
alguns|algumas|poucos|poucas = few
terminei|acabei|fiz = done
bem|tudo bem|tudo certo = fine
obrigad[oa] = thanks
"""

_FR = r"""
(?:je )?n'arrive (?:plus |pas )?(?:du tout )?a (?:bouger|lever|remuer|plier|soulever) = can't move
(?:c'est )?arrive d'un coup|d'un coup = suddenly
passe (?:maintenant |desormais |de plus en plus )?(?:par-dessus|par dessus|sur|sous) = crossing over
soudain\w*|tout (?:a )?coup|brusquement|subitement|d'un coup|d'un seul coup = suddenly
depuis ce matin|depuis le reveil = since this morning
ce matin = this morning
depuis hier(?: soir)?|depuis la nuit derniere = since yesterday
hier = yesterday
aujourd'hui|aujourd hui = today
maintenant = now
en meme temps|tout en meme temps = all at once
au reveil|en me reveillant|je me suis reveille\w* = woke up
il y a (?:des|plusieurs|quelques|de nombreuses) annees|il y a longtemps = years ago
l'annee derniere|l'an dernier|l'an passe = last year
quand j'etais (?:petit|petite|enfant|jeune)|enfant = as a child
j'avais (?:souvent |parfois )?|autrefois|avant j'avais = i used to have
de nouveau|a nouveau|revenu\w*|encore une fois = again
encore|toujours = still
(?:c'est |c'etait |ca a )?passe|disparu\w* = went away
(?:je )?ne (?:peux|peut|pouvais|pourrais|arrive) (?:plus|pas) (?:a )?(?:bouger|remuer|lever)\w* = can't move
(?:il |elle |ils |elles )?ne (?:bouge|bougent|repond|repondent) (?:plus|pas) = won't move
(?:je )?ne (?:peux|arrive) (?:plus|pas) = can't
(?:je )?ne (?:sens|sentais|ressens) (?:plus|pas) = can't feel
(?:je )?ne (?:sens|sentais|ressens) (?:plus )?rien = can't feel anything
plus rien|plus maintenant|c'est fini = none now
deuxieme|second\w* = second
troisieme = third
quatrieme = fourth
cinquieme = fifth
(?:ca )?ne (?:me )?fait (?:pas|plus) mal = doesn't hurt
(?:je )?n'ai (?:pas|plus|aucun\w*) (?:de |d')? = i have no
pas (?:de |d')?amelioration|aucune amelioration|ne s'ameliore pas|pas mieux|toujours pareil|rien n'a change = no improvement
ne (?:guerit|cicatrise|se referme|se ferme) (?:pas|plus)|ne guerit pas = isn't healing
pas (?:de|d')|plus (?:de|d')|aucun\w* = no
ne|n' =
pas = not
sans = without
rien = nothing
paralys\w* = paralysed
faible\w*|faiblesse|sans force = weak
bouger|remuer = move
(?:visage|bouche)\w* (?:\w+ ){0,2}?(?:tordu\w*|de travers|tombant\w*|tombe\w*|affaiss\w*|devie\w*|paralys\w*|pend\w*) = my face is drooping
(?:je |il |elle )?parle (?:\w+ )?(?:bizarre\w*|mal|difficilement|etrange\w*|bizarre)|(?:du mal|difficulte\w*) a parler|ne (?:peux|arrive) (?:plus |pas )a parler|bafouill\w*|troubles? de la parole|parole (?:\w+ )?(?:difficile|confuse|pateuse)|elocution = i have trouble speaking
visage = face
bouche = mouth
bras = arm
mains?|main = hand
(?:un|le|tout le) cote du corps|moitie du corps|hemicorps = one side of my body
cote = side
droit\w* = right
gauche = left
vision (?:\w+ )?(?:floue|double|trouble)|(?:je )?vois (?:flou|double|trouble)|vue (?:floue|trouble|brouillee) = blurred vision
vertige\w*|etourdi\w*|la tete qui tourne = dizzy
(?:je )?perds? l'equilibre|desequilibr\w* = lost my balance
entre les jambes|parties intimes|organes genitaux|fesses|entrejambe|perinee = between my legs
(?:je )?ne (?:peux|arrive) (?:plus|pas) (?:a )?(?:uriner|faire pipi)|impossible d'uriner|retention urinaire = can't urinate
incontinen\w*|perdu le controle de (?:ma |la )?(?:vessie|urine)|fait pipi sur moi = lost control of my bladder
froid\w*|glace\w*|gele\w* = cold
pale\w* = pale
blanc\w*|blanche\w* = white
bleu\w*|violet\w*|violace\w* = blue
noir\w*|noirci\w* = black
(?:a l'air|semble|comme) mort\w* = looks dead
mort\w* = dead
gangren\w*|necros\w* = gangrene
(?:la )?rougeur (?:\w+ )?(?:s'etend|monte|progresse|gagne)|s'etend = redness spreading
rouge\w*|rougeur\w* = red
chaud\w* = hot
gonfle\w*|enfle\w*|gonflement|oedeme|enflure = swollen
pus|suppur\w* = pus
plaies?|blessures?|blesse = wound
(?:de plus en plus |plus )grand\w*|s'agrandit|grossit = getting bigger
fievre = fever
temperature = temperature
frissons?|grelott\w*|tremble\w* = chills
confus\w*|desoriente\w* = confused
infect\w* = infected
(?:je suis )?diabetique|(?:j'ai )?(?:le |du )?diabete|j'ai du sucre = i am diabetic
(?:il|elle) est diabetique|(?:il|elle) a (?:le |du )?diabete = is diabetic
j'ecris pour (?:elle|lui|ma \w+|mon \w+)|(?:je suis )?(?:son|sa) (?:aidant|aidante|fils|fille) = writing for her
ampoules?|cloques? = blister
coupures?|coupe = cut
crevasses?|fissures?|gercures?|fendill\w* = cracked skin
saign\w*|sang = bleeding
ulceres? = ulcer
cors?|durillons? = callus
fourmill\w*|picote\w*|picotements?|fourmis = tingling
engourdi\w*|insensible|endormi\w*|perte de sensibilite = numb
brul\w* = burning
crampes? = cramp
decharges? electriques? = electric shocks
douleurs? (?:intense|insupportable|atroce|terrible|forte)s? = severe pain
(?:j'ai |ca (?:me )?fait |me fait |fait )mal = it hurts
douleurs?|douloureu\w* = pain
mal = pain
exercices? = exercises
quand je (?:fais|faisais)|pendant|en faisant|lors de = when i do
cercles = circles
serviette = towel
billes = marbles
pire\w*|empire\w*|aggrav\w* = worse
plus qu'avant|qu'avant = than before
chevauch\w*|passe (?:sur|sous|par-dessus)|se croise\w*|croise\w* = overlapping
recroquevill\w*|se replie\w*|replie\w* = curling under
en griffe = clawed
marteau = hammer toe
tordu\w* = twisted
pieds = feet
pied = foot
gros orteils? = big toe
petits? orteils? = little toe
orteils|doigts de pied = toes
orteil = toe
talons? = heel
plantes? (?:du|des) pieds? = sole
chevilles? = ankle
jambes = legs
jambe = leg
ongles? = nail
les deux = both
(?:ma )?(?:mere|maman) = my mother
(?:mon )?(?:pere|papa) = my father
(?:mon )?mari = my husband
(?:ma )?femme = my wife
(?:mon |ma )?(?:fils|fille) = my child
(?:mon )?frere = my brother
(?:ma )?soeur = my sister
(?:ma )?(?:grand-mere|mamie) = my grandmother
(?:mon |ma )?ami\w* = my friend
il|elle = he
mais|pourtant|cependant = but
sauf = except
et = and
ou = or
avec = with
dans|en = in
au|aux|a = in
sur = on
de|du|des|d' =
le|la|les|l' = the
un|une = a
mon|ma|mes = my
son|sa|ses = his
je|j' = i
j'ai = i have
suis = am
est|sont = is
tres = very
un peu|legerement = a bit
depuis = for
quand = when
plus = more
que|qui|qu' =
dit que|dit = says
commence\w* a|commence\w* = starting to
me|m'|se|s' =
jours? = days
semaines? = weeks
mois = months
ans|annees? = years
deux = 2
trois = 3
quatre = 4
cinq = 5
six = 6
sept = 7
huit = 8
quelques = few
fini|termine = done
bien|tout va bien|ca va = fine
merci = thanks
"""

_DE = r"""
nicht (?:mehr )?(?:richtig )?(?:hochziehen|anheben|hochheben|hochbekommen|ruhren) = can't move
(?:hangt|hangen|hing|baumelt) (?:schlaff )?(?:herunter|runter|nach unten)?|schlaff = hangs limp
seit (?:heute )?mittag = since lunch
immer schwacher|schwacher und schwacher = weaker and weaker
bewegen sich (?:immer noch |noch immer )?(?:alle )?(?:zusammen|gemeinsam|gleichzeitig) = still all move together
kein(?:en|e)? fortschritt\w*|keine besserung|keine verbesserung|nicht besser = no progress
nicht mehr = no longer
plotzlich|auf einmal|schlagartig|unvermittelt|aus heiterem himmel|ganz plotzlich = suddenly
seit heute (?:fruh|morgen)|seit dem aufstehen|seit heute fruh = since this morning
heute (?:fruh|morgen) = this morning
seit gestern(?: abend)?|seit letzter nacht = since yesterday
gestern = yesterday
heute = today
jetzt = now
gleichzeitig|alles auf einmal = all at once
beim aufwachen|aufgewacht = woke up
vor (?:vielen |ein paar |einigen )?jahren = years ago
letztes jahr|im letzten jahr|letzten jahres = last year
als kind = as a child
fruher = used to
wieder|erneut = again
immer noch|noch immer|noch = still
(?:ist |sind )?(?:wieder )?(?:weg|vorbei|verschwunden|abgeklungen) = gone now
(?:kann|konnte|kannst) =
nicht mehr (?:bewegen|ruhren|wackeln|heben|beugen)\w* = can't move any more
nicht (?:bewegen|ruhren|wackeln|heben|beugen)\w* = can't move
(?:bewegt|bewegen|ruhrt|ruhren) sich nicht(?: mehr)? = won't move
nicht (?:mehr )?spuren|nicht (?:mehr )?fuhlen|spure (?:nichts|ihn nicht|sie nicht|es nicht)|fuhle (?:nichts|ihn nicht|sie nicht) = can't feel
tut nicht (?:mehr )?weh|tun nicht (?:mehr )?weh = doesn't hurt
(?:spure|fuhle) (?:gar )?nichts = can't feel anything
jetzt (?:nicht mehr|nichts mehr|nichts|weg)|nicht mehr(?=\s*(?:[,.!]|$)) = none now
zweite\w* = second
dritte\w* = third
vierte\w* = fourth
funfte\w* = fifth
(?:habe |hab )?keine (?:schmerzen|beschwerden) = i have no pain
keine (?:besserung|verbesserung|veranderung)|nicht besser|unverandert|bringt nichts|hilft nicht|helfen nicht = no improvement
heilt nicht|heilen nicht|nicht (?:ab)?heilen|heilt schlecht = isn't healing
kein\w* = no
nicht = not
nichts = nothing
ohne = without
gelahmt|lahmung|lahm|paralys\w* = paralysed
schwach\w*|schwache|kraftlos = weak
bewegen = move
(?:gesicht|mund|mundwinkel)\w* (?:\w+ ){0,2}?(?:hangt|hangen|hangend|schief|verzogen|herunter\w*|gelahmt) = my face is drooping
(?:hangend\w*|schief\w*) (?:gesicht|mund\w*) = my face is drooping
(?:verwaschen\w*|lallend\w*|undeutlich\w*) (?:sprache|sprechen|rede)|spreche (?:\w+ )?(?:undeutlich|verwaschen|komisch|seltsam|lallend)|sprachstorung\w*|(?:probleme|muhe|schwierigkeiten) (?:beim|mit dem) sprechen|kann nicht (?:richtig )?sprechen|lalle = i have trouble speaking
gesicht = face
mund\w* = mouth
arm|arme|armen = arm
hand|hande|handen = hand
(?:eine|die|ganze|rechte|linke|einer) (?:korper)?seite(?: des korpers)?|korperhalfte|halbseitig = one side of my body
rechts|recht\w* = right
links|link\w* = left
verschwommen\w*|doppelt sehen|doppelbilder|sehe (?:alles )?(?:doppelt|verschwommen|unscharf)|sehstorung\w*|unscharf = blurred vision
schwindel\w*|taumel\w* = dizzy
gleichgewicht (?:verloren|verlieren)|gleichgewichtsstorung\w* = lost my balance
zwischen den beinen|im schritt|genital\w*|gesass|intimbereich|reithose\w* = between my legs
nicht (?:mehr )?(?:urinieren|pinkeln|wasser lassen)|harnverhalt = can't urinate
inkontinen\w*|blase nicht (?:mehr )?(?:kontrollieren|halten)|kontrolle uber (?:die )?(?:blase|darm)|eingenasst|in die hose gemacht = lost control of my bladder
harnblase = bladder
kalt\w*|eiskalt\w* = cold
blass\w*|bleich\w* = pale
weiss\w* = white
blau\w*|violett\w*|lila = blue
schwarz\w* = black
(?:sieht )?(?:wie )?(?:tot|abgestorben\w*) aus|wie tot|abgestorben\w* = looks dead
tot = dead
gangran\w*|nekro\w* = gangrene
(?:die )?rotung (?:\w+ )?(?:breitet sich aus|wandert|wird grosser)|breitet sich aus = redness spreading
rot|rote|roter|rotes|roten|rotem|gerotet\w*|rotung = red
heiss\w*|uberwarm\w*|warm\w* = hot
geschwollen\w*|angeschwollen\w*|schwellung|dick = swollen
eiter\w* = pus
wunde\w* = wound
wird (?:immer )?grosser|grosser = getting bigger
fieber\w* = fever
temperatur = temperature
schuttelfrost|zittern\w*|frier\w* = chills
verwirrt\w* = confused
entzund\w*|infiz\w*|infektion = infected
(?:ich bin |bin )?diabetiker\w*|(?:ich habe |habe )?(?:diabetes|zucker(?:krankheit)?)|zuckerkrank = i am diabetic
(?:er|sie) ist (?:diabetiker\w*|zuckerkrank)|(?:er|sie) hat (?:diabetes|zucker) = is diabetic
ich schreibe fur (?:sie|ihn|meine \w+|meinen \w+)|ich bin (?:ihr|sein|seine|ihre) (?:pfleger\w*|sohn|tochter) = writing for her
blasen?|wasserblasen?|brandblasen? = blister
schnitt\w*|geschnitten = cut
risse?|rissig\w*|aufgerissen\w* = cracked skin
blut\w* = bleeding
geschwur\w* = ulcer
hornhaut|huhnerauge\w* = callus
kribbel\w*|ameisenlaufen = tingling
taub\w*|gefuhllos\w*|eingeschlafen = numb
brenn\w* = burning
krampf\w* = cramp
stechen\w* = stabbing
ziehen = pulling
starke schmerzen|unertraglich\w* = severe pain
tut (?:\w+ )?weh|tun (?:\w+ )?weh|weh = hurts
schmerz\w* = pain
ubung\w* = exercises
beim|wahrend = during
spreizen = spreading
schlimmer|schlechter|verschlimmer\w* = worse
als vorher|als sonst|als gestern = than before
uberlapp\w*|uberkreuz\w*|schiebt sich (?:uber|unter)|liegt (?:uber|auf)|uber den|uber die = crossing over
krallen\w* = clawed
hammerzeh\w* = hammer toe
krumm\w* = crooked
fusse|fuesse|fussen = feet
fuss|fuses|fusses|fuss\w* = foot
grosse[nrm]? zeh(?:e|en)?|grosszeh\w* = big toe
kleine[nrm]? zeh(?:e|en)?|kleinzeh\w* = little toe
zehen = toes
zeh|zehe = toe
ferse\w* = heel
fusssohle\w*|sohle\w* = sole
knochel = ankle
beine|beinen = legs
bein = leg
nagel|zehennagel\w* = nail
beide\w* = both
(?:meine )?(?:mutter|mama) = my mother
(?:mein )?(?:vater|papa) = my father
(?:mein )?mann = my husband
(?:meine )?frau = my wife
(?:mein |meine )?(?:sohn|tochter) = my child
(?:mein )?bruder = my brother
(?:meine )?schwester = my sister
(?:meine )?(?:oma|grossmutter) = my grandmother
(?:mein |meine )?freund\w* = my friend
er = he
aber|jedoch|doch|sondern = but
ausser = except
und = and
oder = or
mit = with
im|in = in
am|an|auf = on
der|die|das|den|dem|des = the
ein|eine|einen|einem|einer = a
mein|meine|meinen|meinem|meiner|meines = my
sein|seine|seinen|seinem|seiner = his
ihr|ihre|ihren|ihrem|ihrer = her
ich = i
habe|hab = have
hat = has
ist|sind|bin = is
sehr = very
etwas|leicht\w*|bisschen|ein bisschen|ein wenig = a bit
seit = for
als = when
wenn = if
nur = only
mehr = more
dass|da|es|sie|sich|mir|mich|mal|schon|ja|denn|so =
tag|tage|tagen = days
woche|wochen = weeks
monat|monate|monaten = months
jahr|jahre|jahren = years
eins = 1
zwei = 2
drei = 3
vier = 4
funf = 5
sechs = 6
sieben = 7
acht = 8
paar|einige|einigen = few
fertig|geschafft = done
gut|alles gut|alles in ordnung = fine
danke = thanks
"""

_RU = r"""
улучшени\w* (?:никаких |никакого |совсем )?нет|нет (?:никаких |никакого )?улучшени\w*|никаких улучшений|никакого улучшения = no improvement
почти (?:два|2) месяца|два месяца|2 месяца = two months
перестал\w* (?:двигат\w*|шевелит\w*|слушат\w*|работат\w*) = stopped moving
не (?:двигают\w*|шевел\w*|поднима\w*|слушают\w*) = won't move
(?:час|полчаса|два часа|\d+ минут\w*) назад = an hour ago
внезапно|вдруг|резко|неожиданно|ни с того ни с сего|моментально = suddenly
с утра|с самого утра|со вчерашнего утра = since this morning
сегодня утром|утром = this morning
со вчера\w*|с вчерашнего\w*(?: дня| вечера)?|с прошлой ночи = since yesterday
вчера = yesterday
сегодня = today
сейчас|теперь = now
сразу|все сразу|одновременно = all at once
проснул\w* = woke up
(?:много )?лет назад|годы назад|давно = years ago
в прошлом году = last year
в детстве = as a child
раньше|бывало = used to
снова|опять|вновь = again
все еще|всё ещё|до сих пор|по-прежнему|по прежнему = still
прошл[оаи]|прошел|прошёл|исчез\w* = went away
уже неделю = for a week
уже =
не могу (?:\w+ )?(?:пошевелить|шевелить|двигать|подвигать|поднять|сдвинуть)\w* = can't move
(?:не (?:двига\w*|шевел\w*|слуша\w*)|не поднима\w*) = won't move
не могу = can't
ничего не (?:чувствую|ощущаю)|не (?:чувствую|ощущаю) ничего = can't feel anything
не (?:чувствую|ощущаю|чувствуется) = can't feel
(?:сейчас|теперь|уже) (?:нет|прошло|все прошло|ничего)|больше нет = none now
не (?:болит|болят|болело|болели) = doesn't hurt
нет (?:улучшени\w*|прогресс\w*|результат\w*)|без улучшени\w*|не (?:лучше|улучша\w*|помога\w*)|улучшени\w* нет|все так же|так же как было = no improvement
не (?:заживает|заживают|заживала|проходит)\w* = isn't healing
нет(?=\s*[,.!]) = no,
нет|ни|никак\w* = no
не = not
без = without
ничего = nothing
паралич\w*|парализ\w*|отнял\w* = paralysed
слаб\w* = weak
(?:лицо|рот|губ\w*|уголок рта) (?:\w+ ){0,2}?(?:перекосил\w*|перекошен\w*|опустил\w*|съехал\w*|кривит\w*|искривил\w*|провис\w*|повис\w*) = my face is drooping
(?:перекосил\w*|перекошен\w*|опустил\w*|скривил\w*|искривил\w*) (?:\w+ )?(?:лицо|рот) = my face is drooping
(?:невнятн\w*|смазанн\w*|нечетк\w*|нечётк\w*|заплета\w*) (?:\w+ )?(?:реч\w*|говор\w*)|речь (?:\w+ )?(?:невнятн\w*|нарушен\w*|смазан\w*|странн\w*)|трудно говорить|не могу говорить|заплетается язык|язык заплетается|говорю (?:\w+ )?(?:невнятно|странно|плохо) = i have trouble speaking
лиц\w* = face
рот|рта|ртом = mouth
рук\w* = arm
(?:одна|одной|половина|половин\w*) (?:\w+ )?(?:сторон\w*|тел\w*)|(?:правая|левая|правой|левой|правую|левую) сторон\w*(?: тела)? = one side of my body
прав(?:ая|ой|ую|ый|ом|ое|ого|ые|ых|ая) = right
лев(?:ая|ой|ую|ый|ом|ое|ого|ые|ых) = left
(?:в глазах )?(?:двоится|все плывет|всё плывёт|расплыва\w*)|двоение|пелена перед глазами|размыт\w* зрени\w*|зрение (?:\w+ )?(?:упало|размыто|нечетко|мутное)|плохо вижу|не вижу = blurred vision
головокружени\w*|кружится голова|голова кружится|шатает = dizzy
(?:теряю|потерял\w*) равновеси\w*|равновеси\w* = lost my balance
между ног|промежност\w*|ягодиц\w*|пах|паху|паха|половы\w* орган\w* = between my legs
не могу (?:\w+ )?(?:помочиться|мочиться|пописать|сходить в туалет|сходить по-маленькому) = can't urinate
недержани\w*|не контролирую (?:\w+ )?(?:мочевой пузырь|мочеиспускани\w*|стул|кишечник)|обмочил\w* = lost control of my bladder
холодн\w*|ледян\w*|замерза\w*|мерзн\w*|мёрзн\w* = cold
бледн\w* = pale
бел(?:ый|ая|ое|ые|ого|ой|ых|ым|ыми|ую|еет|ели|ел|ела) = white
синяк\w* = bruise
син(?:ий|яя|ее|ие|его|ей|их|им|ими|юю|еет|ели|ел|ела|юшн\w*)|посине\w*|фиолетов\w*|багров\w* = blue
черн\w*|почерне\w*|чёрн\w* = black
(?:выглядит |как )?(?:мертв\w*|мёртв\w*|омертве\w*) = looks dead
гангрен\w*|некроз\w* = gangrene
(?:краснота|покраснение) (?:\w+ )?(?:распространя\w*|расползает\w*|идет|растет|поднимает\w*)|распространя\w*|расползает\w* = redness spreading
красн\w*|покрасне\w*|краснот\w* = red
горяч\w* = hot
опух\w*|отек\w*|отёк\w*|отечн\w*|распух\w* = swollen
гно\w*|гной = pus
ран(?:а|ы|у|ой|е|ка|ки|ку|ок|ами)|ранк\w* = wound
увеличива\w*|растет|растёт = getting bigger
температур\w*|жар|жаром = fever
озноб\w*|знобит|трясет|трясёт|колотит = chills
спутан\w*|путаюсь|сбит\w* с толку|заторможен\w* = confused
(?:у меня )?(?:сахарный )?диабет\w*|диабетик\w*|высокий сахар|сахар (?:высокий|повышен\w*) = i am diabetic
волдыр\w*|пузыр\w*|мозол\w* = blister
порез\w*|порезал\w* = cut
трещин\w* = cracked skin
кровоточ\w*|кровь|крови|кровит = bleeding
язв\w* = ulcer
онеме\w*|неме\w*|онемен\w*|занеме\w* = numb
покалыва\w*|колет|колют|мурашк\w* = tingling
жжени\w*|жжет|жжёт|жгет|горит|горят|печет|печёт = burning
судорог\w* = cramp
сильн\w* боль|невыносим\w*|ужасн\w* боль|острая боль = severe pain
болит|болят|болело|болели|больно = it hurts
бол(?:ь|и|ью|ей|ями|ях) = pain
ноет|ноют = aches
упражнени\w* = exercises
когда (?:я )?дела\w*|во время|при выполнени\w*|делая = when i do
хуже|усилил\w*|ухудш\w* = worse
чем раньше|чем было|чем вчера = than before
наезжа\w*|заходит на|заходят на|перекрещива\w*|налеза\w* = crossing over
подгиба\w*|загиба\w*|подворачива\w* = curling under
молоточк\w* = hammer toe
(?:на )?(?:ногах|ноге) =
обе ноги|обеих ног|обеими ногами|обе стопы|обеих стоп = both legs
ноги|ног|ногами|ногам = legs
нога|ногу|ногой = leg
больш(?:ой|ого|ом|ому) пал(?:ец|ьца|ьце|ьцем) = big toe
мизин\w* = little toe
пальц\w*|пальчик\w* = toes
палец = toe
стоп(?:а|у|ы|е|ой|ами)|ступн\w* = foot
пятк\w* = heel
подошв\w* = sole
лодыжк\w*|щиколотк\w* = ankle
ногот\w*|ногт\w* = nail
обе|оба|обеих|обоих = both
(?:моя |у моей |моей )?(?:мама|мать|маме|мамы|маму|матери) = my mother
(?:мой |у моего |моего )?(?:папа|отец|отца|папы) = my father
(?:мой |у моего )?муж\w* = my husband
(?:моя |у моей )?(?:жена|жене|жены|жену) = my wife
(?:мой |моя )?(?:сын\w*|доч\w*) = my child
(?:мой )?брат\w* = my brother
(?:моя )?сестр\w* = my sister
(?:моя )?бабушк\w* = my grandmother
(?:мой |моя )?(?:друг|подруг\w*) = my friend
у него|он|ему|него|нему = he
у нее|у неё|она|ей|нее|неё|ней = she
его = his
ее|её = her
но|однако|зато|а = but
кроме = except
и = and
или = or
с|со = with
в|во = in
на = on
у меня = i have
я = i
мой|моя|мое|моё|мои|моих|моей|моем|моём|мою|моего = my
есть =
очень|сильно = very
немного|слегка|чуть|чуть-чуть = a bit
когда = when
что|это|как|так|же|ли|бы|мне|меня =
дн\w*|день = days
недел\w* = weeks
месяц\w* = months
год|года|лет = years
одну|один|одна = 1
две|два = 2
три = 3
четыре = 4
пять = 5
шесть = 6
семь = 7
восемь = 8
несколько = few
сделал\w*|закончил\w* = done
хорошо|нормально|все в порядке = fine
спасибо = thanks
"""

_HI_ROMAN = r"""
kaam (?:hi )?nahi? (?:kar )?(?:raha|rahi|rahe|karta|karti|kar rha|kr rha)(?: hai| he)? = is not working
kamzor\w*|kamjor\w* = weakness
\d+ ?(?:min|mins|minute|minat|mint)(?: pehle| pahle)(?: se)? = since a few minutes ago
^(?:bhai|bhaiya|didi|yaar|sir ji|ji)\b =
achanak(?: se)?|ek ?dam(?: se)?|ekdum(?: se)?|turant|achanak hi = suddenly
(?:aaj )?subah se|savere se|subeh se = since this morning
aaj subah|subah = this morning
kal (?:raat )?se = since yesterday
kal raat = last night
kal = yesterday
aaj = today
abhi|ab = now
ek saath|ek sath|sab ek saath = all at once
uthte hi|uth kar|uthne ke baad|so kar utha = woke up
(?:kai )?saal pehle|saalon pehle|bahut pehle = years ago
pichhle saal|pichle saal|pichle varsh = last year
bachpan mein = as a child
(?:hota|hoti|hote) (?:tha|thi|the) = used to
phir se|fir se|dobara|dubara = again
abhi bhi|ab bhi|ab tak|abhi tak = still
theek ho gaya|thik ho gaya|chala gaya|chali gayi|khatam ho gaya = went away
ab (?:nahi|nahin|nhi)(?: hai| hota| hoti)?(?=\s*(?:[,.!]|$))|ab (?:bilkul )?theek hai = none now
(?:hil|hila|hilaa|hilaa?) nahi (?:pa |paa )?(?:raha|rahi|rahe|sakta|sakti|sakte|pata|pati|pate)?|hil(?:ta|ti|te) (?:hi )?nahi|nahi hil (?:raha|rahi|rahe)|hila nahi|hilana mushkil = can't move
(?:utha|uth) nahi (?:pa )?(?:raha|rahi|rahe|sakta|sakti) = can't lift
(?:mehsoos|mahsoos|mehsus|mahsus|feel) nahi (?:ho )?(?:raha|rahi|rahe|hota|hoti)?|pata nahi chal (?:raha|rahi) = can't feel
(?:koi )?(?:fark|farak|sudhar|aaram|araam|faayda|fayda|improvement) nahi = no improvement
(?:bhar|bhara|sukh) nahi (?:raha|rahi|rahe)|theek nahi ho (?:raha|rahi) = isn't healing
kabhi nahi = never
(?:nahi|nahin|nhi) (?:ja|jaa) (?:raha|rahi|rahe)|kam (?:nahi|nahin|nhi) (?:ho )?(?:raha|rahi|rahe)|(?:nahi|nahin|nhi) (?:ruk|thum|thama|rukta|rukti)\w*(?: (?:raha|rahi|rahe))? = still there
nahi|nahin|nhi|nai|na|mat = not
lakwa|lakva|paralysis = paralysed
kamzor\w*|taakat nahi|takat nahi|jaan nahi = weak
hilana|hilaana = move
(?:munh|muh|mooh|mu|chehra|chehre|honth)\w* (?:\w+ ){0,2}?(?:tedha|terha|tedhi|terhi|tircha|tirchha|latak|jhuk|tedhe|ek taraf)\w* = my face is drooping
(?:tedha|tedhi|latka) (?:\w+ )?(?:munh|muh|chehra) = my face is drooping
bolne (?:mein|me|mai|mei) (?:dikkat|takleef|taklif|pareshani|problem|mushkil)|bol nahi (?:pa )?(?:raha|rahi|sakta|sakti)|(?:zuban|jubaan|zabaan|jaban) (?:ladkhada|lad khada|atak)\w*|ladkhada\w*|awaaz (?:saaf nahi|ladkhada)\w*|(?:saaf|theek se) bol nahi = i have trouble speaking
munh|muh|mooh = mouth
chehra|chehre = face
haath|hath|baah|baazu|bazu|baju = arm
(?:ek|right|left|daayi|daayin|daahini|dahini|baayi|baayin|baayen|dayi|bayi) (?:side|taraf|or)(?: ka| ki| ke)?(?: hissa)?|aadha (?:sharir|shareer|body|badan)|sharir ka ek (?:hissa|taraf) = one side of my body
daaya|daayan|dayan|dahina|daahina|daayen = right
baaya|bayan|baayan|baayen = left
(?:dhundhla|dhundla|dhundhala|dhundala|dhundli|dhundhli)\w*|do do dikh\w*|double dikh\w*|saaf nahi dikh\w* = blurred vision
chakkar\w*|sir ghoom\w*|sar ghoom\w* = dizzy
santulan\w*|balance nahi = lost my balance
(?:dono )?(?:jaangh|jangh)(?:on)? ke beech|tangon ke beech|pairon ke beech|guptang|nitamb|private part\w* = between my legs
(?:peshab|pesab|pishab|susu|urine) (?:nahi|nhi) (?:ho |kar |utar )?(?:raha|rahi|pa|paa|sakta|sakti|hota|ho)\w*|(?:peshab|pesab) (?:band|ruk)\w* = can't urinate
(?:peshab|pesab|potty|latrine|toilet) (?:par|pe) (?:control|kaabu|kabu) nahi|(?:peshab|pesab) (?:nikal|ho) ja\w*|kapde (?:mein|me) (?:peshab|potty) = lost control of my bladder
peshab|pesab = urine
thanda|thande|thandi|thand|thanda pad\w* = cold
peela|peeli|peele|pila|pili = pale
safed|safaid|safed pad\w* = white
neela|neeli|neele|nila|nili|baingani|jamuni = blue
kaala|kaali|kaale|kala|kali|kale|kaala pad\w*|kala pad\w* = black
(?:mara|mari|mare) (?:hua|hui|hue)|murda|bejaan = dead
sad (?:raha|rahi|gaya|gayi)|sadan = gangrene
laal|lal|laali|lali = red
garam|garm = hot
(?:soojan|sujan|soozan|sujaan|sooj|suj|soojh)\w*|phool (?:gaya|gayi|gaye|raha|rahi) = swollen
mawaad|mavad|mawad|peep|pas = pus
ghaav|ghav|ghao|zakhm|zakham|jakhm|jakham = wound
(?:bada|bara) ho (?:raha|rahi|gaya|gayi)|badh (?:raha|rahi|gaya|gayi) = getting bigger
fail (?:raha|rahi|gaya|gayi)|phail (?:raha|rahi|gaya|gayi) = redness spreading
bukhar|bukhaar|taap|tez bukhar = fever
kapkapi|kampkampi|thand lag\w*|kaanp\w*|kanp\w* = chills
uljhan|bhram|confusion|samajh nahi aa (?:raha|rahi) = confused
infection|sankraman|pak gaya|pak gayi = infected
(?:mujhe|muje|mujhko|mjhe) (?:sugar|shugar|diabetes|madhumeh)(?: ki bimari)?(?: hai| he)?|sugar (?:ki )?(?:bimari|problem|patient|mareez)|(?:sugar|diabetes) hai = i am diabetic
chhala|chhale|chala|chaale|chhaala|chaala|chhalaa|phapola|phaphola = blister
kat (?:gaya|gayi|gaye)|kata hua = cut
daraar|darar|bivai|biwai|phat (?:gayi|gaya|gaye)|phati|phata = cracked skin
khoon|khun|khoon aa (?:raha|rahi) = bleeding
(?:sunn|sun) (?:ho|pad|padh|par)\w*|sunn\w*|sunnpan|sunapan = numb
jhunjhun\w*|jhanjhan\w*|chunchun\w*|chinchini|sui (?:chubh|chubhne)\w*|chitiyan|chintiyan = tingling
jalan|jal (?:raha|rahi|rahe)|jalna = burning
ainthan|aithan|nas chadh\w*|nas (?:kheench|khinch)\w* = cramp
dard|dardd|dukh (?:raha|rahi|rahe)|dukhta|dukhti|dukhte|pida|peeda = pain
karte (?:waqt|samay|hue|time)|karne (?:par|pe|mein|me|ke dauran|ke time)|ke dauran|karte hi = during
karne ke baad|karke = after doing
exercise|kasrat|vyayam = exercise
(?:kal|pehle|pahle|pichhle hafte) se (?:zyada|jyada|zada|adhik|badh ke) = worse than before
badtar|aur kharab|zyada kharab|bigad (?:raha|rahi|gaya|gayi) = worse
(?:upar|ooper) (?:chadh|aa|ja)\w*|ek dusre (?:par|pe|ke upar) = crossing over
neeche mud (?:raha|rahi|gaya|gayi) = curling under
tedha|tedhi|tedhe|terha = twisted
pair ke (?:anguthe|angoothe|angutha|angootha)|(?:anguthe|angoothe|angutha|angootha|anguta|anguthaa) = big toe
pair ki (?:ungliyan|ungliyon|ungli|ungaliyon|ungaliyan)|ungliyan|ungliyon|ungliya|ungaliyon|ungaliyan|ungli|unglii = toes
dono (?:pair|pairon|paon|paanv) = both feet
pairon|pairo = feet
pair|paon|paanv|pao|pau = foot
edi|eddi|adi|edhi = heel
talva|talwa|talve|talwe|talu|talwon = sole
takhna|takhne|takhno = ankle
taang|tang|tange|tangen|tangon|tangein = legs
ghutna|ghutne = knee
naakhun|nakhun|nakhoon|nakhun = nail
dono = both
(?:meri |mere )?(?:maa|mummy|mumy|mammi|ammi|amma|mataji|mom) = my mother
(?:mere )?(?:papa|pitaji|abbu|pita|daddy) = my father
(?:mere )?(?:pati|pati dev) = my husband
(?:meri )?(?:patni|biwi|wife) = my wife
(?:mere |meri )?(?:beta|bete|beti|bachcha|bacche) = my child
(?:mere )?(?:bhai|bhaiya) = my brother
(?:meri )?(?:behen|bahan|didi) = my sister
(?:meri )?(?:dadi|nani) = my grandmother
(?:mere )?(?:dada|nana) = my grandfather
(?:mera |mere |meri )?dost = my friend
unka|unki|unke|uska|uski|uske|woh|vo|wo = he
[,.;] ?(?:par|pr) = , but
lekin|magar|parantu|balki = but
aur|or = and
(?:mein|me|mai|mei|andar) = in
pe|par|upar = on
mera|meri|mere|mujhe|muje|mujhko = my
main|mai|mein ne|maine = i
bahut|bohot|bahot|boht|bhut|bahut zyada|kaafi|kafi = a lot
thoda|thodi|thode|halka|halki|zara = a bit
bas itna hi|bas itna|bas = that's all
ka|ki|ke|ko|ne|se|hai|hain|he|hu|hoon|tha|thi|the|ho|hua|hui|hue|raha|rahi|rahe|gaya|gayi|gaye|kar|karna|aa|ja|pad|hota|hoti|hote|jata|jati|kya|ji|haan|toh|to|bhi|yeh|ye|jo =
do(?= (?:din|hafte|hafta|hafton|mahine|mahina|saal)) = 2
din = days
hafte|hafta|hafton|saptah = weeks
mahine|mahina|mahino = months
saal|varsh = years
ek = 1
teen = 3
char|chaar = 4
paanch|panch = 5
chhe|che = 6
saat = 7
aath = 8
kuch = some
theek|thik|thick|sab theek|sab thik|badhiya|accha|acha = fine
ho gaya|ho gayi|kar li|kar liya|kar diya|khatam = done
dhanyavaad|dhanyawad|shukriya = thanks
"""

_HI_DEVANAGARI = r"""
अचानक(?: से)?|एकदम(?: से)?|एक दम = suddenly
(?:आज )?सुबह से = since this morning
सुबह = this morning
कल (?:रात )?से = since yesterday
कल = yesterday
आज = today
अभी|अब = now
एक साथ = all at once
पिछले साल = last year
(?:कई )?साल पहले = years ago
फिर से|दोबारा = again
अभी भी|अब भी|अब तक = still
ठीक हो गया|चला गया|चली गई|खत्म हो गया = went away
हिल नहीं (?:पा )?(?:रहा|रही|रहे|सकता|सकती)|हिला नहीं (?:पा )?(?:रहा|रही|रहे|सकता|सकती)?|हिलता नहीं|हिलती नहीं|हिलते नहीं = can't move
उठा नहीं (?:पा )?(?:रहा|रही|सकता|सकती) = can't lift
महसूस नहीं (?:हो )?(?:रहा|रही|होता|होती)?|पता नहीं चल (?:रहा|रही) = can't feel
कोई (?:फर्क|फ़र्क|सुधार|आराम|फायदा|फ़ायदा) नहीं = no improvement
भर नहीं (?:रहा|रही) = isn't healing
नहीं|ना|न|मत = not
लकवा = paralysed
कमज़ोर\w*|कमजोर\w* = weak
(?:मुँह|मुंह|मुह|चेहरा|चेहरे|होंठ)\w* (?:\w+ ){0,2}?(?:टेढ़ा|टेढा|टेढ़ी|टेढी|तिरछा|लटक|झुक)\w* = my face is drooping
बोलने में (?:दिक्कत|तकलीफ|तकलीफ़|परेशानी|मुश्किल)|(?:ज़बान|जबान|ज़ुबान|जुबान) (?:लड़खड़ा|लडखडा|अटक)\w*|बोल नहीं (?:पा )?(?:रहा|रही|सकता|सकती) = i have trouble speaking
मुँह|मुंह|मुह = mouth
चेहरा|चेहरे = face
हाथ|बांह|बाँह|बाजू = arm
(?:एक|दाईं|बाईं|दायीं|बायीं|दाएं|बाएं|दाहिनी|बायें|दायें) (?:तरफ|तरफ़|ओर|साइड)|आधा शरीर|शरीर का (?:एक )?(?:हिस्सा|तरफ) = one side of my body
धुंधला\w*|धुँधला\w*|धुंधली|दो-दो दिख\w*|डबल दिख\w* = blurred vision
चक्कर\w* = dizzy
(?:जांघों|जाँघों|टांगों|टाँगों) के बीच|गुप्तांग|नितंब = between my legs
पेशाब नहीं (?:हो |कर |उतर )?(?:रहा|रही|पा|सकता|सकती)\w*|पेशाब (?:बंद|रुक)\w* = can't urinate
पेशाब पर (?:नियंत्रण|कंट्रोल|काबू) नहीं = lost control of my bladder
ठंडा|ठंडे|ठंडी|ठण्डा = cold
पीला|पीले|पीली = pale
सफ़ेद|सफेद = white
नीला|नीले|नीली|बैंगनी = blue
काला|काले|काली = black
लाल = red
गर्म|गरम = hot
सूजन|सूज\w* = swollen
मवाद|पीप = pus
घाव|ज़ख्म|जख्म|ज़ख़्म = wound
बुखार|बुख़ार|ज्वर = fever
कंपकंपी|कँपकँपी|ठंड लग\w* = chills
उलझन|भ्रम = confused
(?:मुझे )?(?:शुगर|डायबिटीज|डायबिटीज़|मधुमेह|sugar|diabetes)(?: की बीमारी)?(?: है)? = i am diabetic
छाला|छाले = blister
कट (?:गया|गई|गयी) = cut
दरार|बिवाई|फट (?:गई|गया|गयी) = cracked skin
खून = bleeding
सुन्न\w*|सुन्नपन = numb
झुनझुनी|झनझनाहट|झुनझुनाहट|चुनचुनाहट|सुई (?:सी )?चुभ\w* = tingling
जलन|जल (?:रहा|रही|रहे) = burning
दर्द|पीड़ा|पीडा|दुख (?:रहा|रही|रहे) = pain
करते (?:समय|वक्त|वक़्त|हुए)|करने (?:पर|के दौरान)|के दौरान = during
व्यायाम|एक्सरसाइज|कसरत = exercise
(?:कल|पहले) से (?:ज़्यादा|ज्यादा|अधिक) = worse than before
बदतर|और खराब|बिगड़ (?:रहा|रही|गया|गई) = worse
(?:ऊपर|उपर) (?:चढ़|आ|जा)\w* = crossing over
दोनों पैर|दोनो पैर|दोनों पैरों = both feet
पैरों = feet
पैर|पांव|पाँव = foot
उंगली|उंगलियों|उंगलियां|उँगली|उँगलियाँ|उँगलियों|उंगलियाँ = toes
अंगूठा|अंगूठे|अँगूठे|अँगूठा = big toe
एड़ी|एडी = heel
तलवा|तलवे|तलवों = sole
टांग\w*|टाँग\w* = legs
नाखून = nail
दोनों|दोनो = both
(?:मेरी )?(?:माँ|मां|माता|मम्मी) = my mother
(?:मेरे )?(?:पिता|पापा) = my father
(?:मेरे )?पति = my husband
(?:मेरी )?पत्नी = my wife
(?:मेरे |मेरी )?(?:बेटा|बेटे|बेटी) = my child
(?:मेरे )?भाई = my brother
(?:मेरी )?बहन = my sister
(?:मेरा |मेरे |मेरी )?दोस्त = my friend
लेकिन|मगर|परंतु|पर = but
और = and
में = in
मेरा|मेरी|मेरे|मुझे = my
बहुत|काफी|काफ़ी = a lot
थोड़ा|थोड़ी|थोडा|थोडी|हल्का|हल्की = a bit
का|की|के|को|ने|से|है|हैं|हूँ|हूं|था|थी|थे|हो|हुआ|हुई|रहा|रही|रहे|गया|गई|गयी|गए|कर|पड़|पड़ा|पड़ी|होता|होती|क्या|जी|भी|यह|वह =
दिन = days
हफ्ते|हफ़्ते|हफ्ता|हफ़्ता|सप्ताह = weeks
महीने|महीना = months
साल|वर्ष = years
एक = 1
दो = 2
तीन = 3
चार = 4
पांच|पाँच = 5
छह = 6
सात = 7
आठ = 8
ठीक|सब ठीक = fine
धन्यवाद|शुक्रिया = thanks
"""

_TL = r"""
biglang|bigla|biglaan|bigla na lang|kusang = suddenly
(?:simula|mula|since) kaninang umaga|kaninang umaga pa = since this morning
kaninang umaga|ngayong umaga = this morning
(?:simula|mula|since) kahapon|kahapon pa = since yesterday
kagabi = last night
kahapon = yesterday
ngayon|ngayong araw = today
sabay-sabay|sabay sabay|sabay = all at once
paggising|pag gising|nagising = woke up
(?:noong )?(?:isang taon|nakaraang taon) = last year
ilang taon na ang nakalipas|matagal na = years ago
noong bata (?:pa )?ako = as a child
dati = used to
ulit|na naman|bumalik = again
pa rin|parin|pa din|padin = still
nawala na|wala na|gumaling na|wala na ngayon = gone now
hindi (?:ko )?(?:ma(?:-| )?galaw|maigalaw|magalaw|maikilos|makilos|maigala)\w*|di (?:ko )?magalaw\w*|ayaw (?:gumalaw|kumilos)|hindi gumagalaw = can't move
hindi (?:ko )?(?:maangat|maitaas)\w* = can't lift
hindi (?:ko )?(?:maramdaman|ramdam)|wala(?:ng)? (?:pakiramdam|maramdaman) = can't feel
hindi (?:naman )?masakit|di masakit = doesn't hurt
walang (?:pagbabago|improvement|pagbuti|ginhawa)|hindi (?:bumubuti|gumaganda|umaayos) = no improvement
hindi (?:pa )?(?:gumagaling|naghihilom|natutuyo)|ayaw gumaling = isn't healing
walang|wala = no
hindi|di = not
paralisado|naparalisa|paralyzed = paralysed
mahina|nanghihina|nanlalambot|lambot|walang lakas = weak
(?:ngiwi|ngumiwi|tabingi|baluktot|lumaylay|bumagsak|tumabingi|nakangiwi) (?:ang |yung )?(?:bibig|mukha|labi) = my face is drooping
(?:bibig|mukha|labi) (?:\w+ ){0,2}?(?:ngiwi|ngumiwi|tabingi|baluktot|lumaylay|bumagsak|tumabingi|nakangiwi) = my face is drooping
hirap (?:akong |ako |siyang |siya )?(?:magsalita|mag salita|magsalita)|hindi (?:ako )?makapagsalita|bulol|utal = i have trouble speaking
bibig = mouth
mukha = face
braso = arm
kamay = hand
(?:isang )?(?:bahagi|side|tagiliran|gilid) ng katawan|kalahati ng katawan = one side of my body
kaliwang|kaliwa = left
kanang|kanan = right
malabo (?:ang |yung )?(?:paningin|mata)|(?:paningin|mata) (?:\w+ )?malabo|doble ang paningin|dumodoble = blurred vision
nahihilo|hilo|nahilo|umiikot ang paligid = dizzy
(?:walang|nawawalan ng|nawalan ng) balanse = lost my balance
(?:sa )?pagitan ng (?:mga )?hita|pwet|puwet|singit|ari ko = between my legs
hindi (?:ako )?(?:makaihi|maka-ihi)|hirap (?:umihi|mag-ihi)|di makaihi = can't urinate
hindi (?:ko )?mapigilan (?:ang )?(?:ihi|dumi)|napaihi|naiihi (?:ako )?nang hindi = lost control of my bladder
malamig|nanlalamig|lamig = cold
maputla|namumutla = pale
puti|maputi|pumuti = white
asul|kulay ube|violet|nangangasul|nangungulay ube|ube = blue
itim|maitim|nangingitim|umitim|kulay itim = black
(?:mukhang )?patay = looks dead
gangrene|gangrena = gangrene
kumakalat (?:ang |yung )?(?:pula|pamumula)|kumakalat = redness spreading
pula|mapula|namumula|pamumula = red
mainit|init = hot
maga|namamaga|pamamaga|minamanas|manas|namaga = swollen
nana|nagnanana = pus
sugat = wound
lumalaki = getting bigger
lagnat|nilalagnat = fever
ginaw|giniginaw|nanginginig = chills
nalilito|lito = confused
impeksyon|impeksiyon|infected = infected
may diabetes (?:po )?(?:ako)?|diabetic (?:po )?ako|may (?:sakit (?:na |sa )?)?asukal(?: po)?(?: ako)?|mataas ang asukal = i am diabetic
paltos = blister
hiwa|nahiwa = cut
bitak|bitak-bitak|lamat|nagbitak = cracked skin
dumudugo|dugo = bleeding
manhid|namamanhid|namanhid|pamamanhid|nangangapal = numb
ngimay|nangingimay|pangingimay|tusok-tusok|parang tinutusok|kuryente = tingling
mahapdi|hapdi|nag-aapoy = burning
pulikat|pinupulikat = cramp
sobrang sakit|napakasakit = severe pain
masakit|sumasakit|sakit|kirot|kumikirot = hurts
pag|kapag|tuwing|habang = when
ginagawa ko|ginagawa = i do
ehersisyo|exercise = exercises
lumala|palala|lalong sumakit|mas masakit = worse
kaysa (?:dati|kahapon|noon) = than before
(?:nagpapatong|nakapatong|pumapatong|nagkakapatong|sumasampa|sumasakay|tumatapong)(?: sa)? = crossing over
(?:kumukulot|bumabaluktot|tumutupi) (?:pababa|paloob)?|kumukulot = curling under
mga paa = feet
paa = foot
(?:hinlalaki|hinlalake)(?: ng| sa)?(?: paa)? = big toe
(?:mga )?daliri (?:ng|sa) paa|mga daliri = toes
daliri = toe
talampakan = sole
sakong = heel
bukung-bukong|bukong-bukong = ankle
binti|hita = leg
kuko = nail
parehong|pareho|dalawang = both
(?:ang |si )?(?:nanay|inay|mama|nanay ko|mama ko|ina ko) ko|nanay ko|mama ko|ina ko = my mother
(?:tatay|itay|papa) ko = my father
asawa ko = my partner
anak ko = my child
kapatid ko = my brother
lola ko = my grandmother
lolo ko = my grandfather
kaibigan ko = my friend
siya|niya|sya|nya = he
pero|kaso|ngunit|subalit|kaya lang|kaya nga lang = but
at|tsaka|saka = and
o = or
tapos na (?:po )?(?:ako)?|natapos ko|tapos ko na = done
tapos = then
okay naman|ok naman|ayos naman|okay lang|ok lang|ayos lang|mabuti naman = fine
medyo = a bit
sobra|sobrang|napaka = very
may|mayroon|meron = have
ang|ng|yung|iyong|ung|mga|sa|na|ay|po|opo|ho|naman|lang|ba|pa|din|rin|ko|ako|akong|nga|talaga|kasi|ito|iyan|yan|dito|nang|mo|ni|si|ka|kami|kayo|sila =
araw = days
linggo = weeks
buwan = months
taon = years
isa|isang = 1
dalawa = 2
tatlo|tatlong = 3
apat = 4
lima = 5
anim = 6
pito = 7
walo = 8
salamat = thanks
"""

_AR_ROMAN = r"""
(?:mish|mesh|mush|ma) (?:3aref|3arfe|2ader|2adra|2adir|2adre|ba2dar|bi2dar) (?:a7arrak|a7arrek|7arrek|7arrik|a7arek|7arrak) = can't move
(?:sawabe3|asabe3|asabi3|sawabi3|sabe3|asab3) (?:regli|rijli|rejli|re8li) = my toes
sawabe3|asabe3|asabi3|sawabi3 = toes
(?:garh|jar7|jor7|jur7|jer7|jar2|garah) = wound
bard awi|bard kteer|bard ktir|bared = very cold
faj2a|faja2|fajaa|fja2a|fa2atan|fej2a|fajatan|marra wa7de|mara wa7de|marra wa7da|mara wa7da|3ala ghafle|3a ghafle|3ala ghafla|fajaatan = suddenly
(?:men|mn|min) (?:el |l|al |il )?(?:sob7|saba7|sabah|sobh|subh) = since this morning
(?:el |l|al )?(?:sob7|saba7|sabah) = this morning
(?:men|mn|min) (?:embare7|mbare7|mbere7|embere7|embareh|ems|ams|imbare7|imbari7|embari7) = since yesterday
embare7|mbare7|mbere7|embere7|embareh|ems|ams|imbare7|imbari7|embari7 = yesterday
el yom|elyom|lyom|el yoom|ilyom|el youm|elyoum|ennaharda|enharda|lyoum = today
(?:hala2|halla2|hal2) (?:ma fi|mafi|la2|ra7|khalas|tamam)|ma 3ad fi = none now
hala2|halla2|hal2|halla = now
kello marra wa7de|kollo mara wa7de|bnafs el wa2t = all at once
(?:men|mn|min|2abel|abl|2abl|gabl) (?:snin|sanawat|sneen|kam sene) = years ago
(?:el )?(?:sene|sane|sana) (?:el |l)?(?:madye|madi|madiye|elli fatet|li fatet) = last year
kent|kenet|kenit|kunt|kan 3andi|kanet = used to
marra tenye|mara tanye|marra tanye|kaman marra|raje3|rje3|rij3et|rej3et|men jdid|mn jdid|ba3d marra = again
lessa|lissa|lesa|lisa|ba3do|ba3da|ma zal|mazal|ma zel|mazel = still
ra7|ra7at|ra7et|ekhtafa|khaff|5af|5aff|5afaf = went away
(?:ma|mish|msh|mosh|mesh) (?:3am |3m )?(?:ba2dar|b2dar|2dert|2dr|ba2der|a2dar|2ader|2adra|2adir|bi2dar|be2dar|a2der|2der|2adar) (?:\w+ )?(?:a|e|i)?7arr?(?:e|i|a)?k\w* = can't move
(?:ma|mish|msh|mosh|mesh) (?:3am |3m )?(?:b?i?y?e?t7arr?ak|bt?e?t7arr?ak|yet7arr?ak|tet7arr?ak|byet7arr?ak|bit7arr?ak|bet7arr?ak|biyet7arr?ak|btet7arr?ak|t7arrak|yt7arrak|bt7arrak|by7arrak|bt7rk|bit7rk)\w* = won't move
(?:ma|mish|msh|mosh|mesh) (?:3am |3m )?(?:ba2dar|b2dar|2ader|2adra|a2dar|bi2dar|be2dar|2adir) = can't
(?:ma|mish|msh|mosh|mesh) (?:3am |3m )?(?:b7es|b7is|b7ess|7ases|7asses|7asis|7asse|7asa|ba7es|ba7is|7as) = can't feel
(?:ma|mish|msh) (?:3am )?(?:biwja3|byewja3|bywj3|biwaja3|ywaj3|yewja3|twaj3|btewja3)\w* = doesn't hurt
(?:ma fi|mafi|mafeesh|mafish|ma fih|mfesh|ma feeh|mafi shi) (?:ta7asson|t7sn|ta7sin|far2|far2a|nateeje|natije|faide|fayde)|(?:ma|mish|msh) (?:t7assan|t7asan|tghayyar|tghayar|et7assan|et7asan|tghayar|tgheyar)|nafs el (?:shi|shee|eshi|ishi) = no improvement
(?:ma|mish|msh) (?:3am )?(?:yteeb|ytib|yetib|bi6ib|beteeb|biteeb|yesfa|yelta2em|yeltam|bitib|btib|byteeb|byetib)\w* = isn't healing
ma fi|mafi|mafeesh|mafish|ma fih|mfesh|ma feeh|mafi shi|bala|bidun|bdoon|bdun|bala ma = no
mish|msh|mosh|mesh|mu|mo|ma = not
shalal|mashlool\w*|mashloul\w*|meshlol\w* = paralysed
da3f|da3ef|d3ef|da3ife|da3eef|da3eefe|d3ife|d3eefe|da3fane|mda3daa3 = weak
(?:wejj?i|wejhi|wej|wesh|wishi|tammi|temmi|fammi|famy|tomi|bozzi|tmi|fami|timmi) (?:\w+ ){0,2}?(?:m3awwaj|me3waj|ma3wouj|mayel|mayle|mayil|nazel|nezel|mal|a3waj|m3ewej|m3awaj|ma3waj|mayyel|mayla|ma2il)\w* = my face is drooping
(?:mal|nezel|nizil|et3awaj|3awaj|t3awaj|mayel|ma2il) (?:\w+ )?(?:tammi|temmi|fammi|wejhi|wejji|tomi|timmi|fami|tmi|wishi) = my face is drooping
(?:so3ube|so3oube|su3ube|s3oube|so3ouba|su3uba|so3oba) (?:b|bel|bil|fel|fil|fe|fi)? ?(?:el )?(?:kalam|7aki|no6|nutq|ekhi|e7ki|lkalam|l7aki)|(?:ma|mish|msh) (?:3am )?(?:ba2dar|2ader|2adra|b2dar|a2dar) (?:e|a|i)?7(?:e|a)?ki|(?:lsani|lesani|lisani|lsane) (?:t2eel|t2il|ta2il|t2ile)|kalami (?:\w+ )?(?:t2eel|mkharbat|m3a2ad|mesh mafhoum|mlakhbat|t2il|mesh wade7|mish wade7) = i have trouble speaking
tammi|temmi|fammi|tomi|famy|timmi|fami = mouth
wejhi|wejji|wejj|wesh|wishi|wej = face
eedi|idi|2idi|ide|eidi|dra3i|zra3i|zera3i|zira3i|ydi|2eede|ideh|edi = arm
(?:jeha|jiha|janeb|jeneb|nos|noss|nss|nus|nuss) (?:\w+ )?(?:jesmi|jismi|jsmi|el jesem|el jism|jesme|jasadi) = one side of my body
yamin|el yamin|lyamin|yemin|yameen|el yemin|el yameen = right
shmal|shemal|yasar|el shmal|shmel|el shemal|lshmal = left
zaghlale|zaghlala|zghlele|zaghleleh|zaghlele|mshawash nazari|ghabash|ghabbash|mghabbesh|mghabash|nazari (?:\w+ )?(?:mghabbesh|da3if|mshawash|msh wade7) = blurred vision
dokha|dawkha|dayekh|dayikh|dayi5|dayekha|dayi5a|dokh|do5a|dawar|dayekhe|daye5|daw5a|dawkhe = dizzy
(?:ma|mish) (?:3am )?(?:ba2dar|2ader) (?:ozbot|ezbot|ezbet) tawazoni|tawazon|twazon = lost my balance
(?:bein|ben|bayn|been|bain) (?:ejray|rijlay|fakhday|rejleyi|rjlaye|ejrayi|rejlayi|fkhadi|elfakhdeen|el fakhden)|mo2akhra|mo2akhreti|tizi|teezi|tizzi|tizze = between my legs
(?:ma|mish|msh) (?:3am )?(?:ba2dar|2ader|2dert|2adra|b2dar) (?:a|e|i)?(?:shakh|bul|boul|3mel 7mam|fot 3al 7mam|tbawwal|tbawal)|(?:el )?bol (?:ma )?(?:wa2ef|m7bous|mahbous|m7bos) = can't urinate
(?:ma|mish|msh) (?:3am )?(?:ba2dar|2ader|b2dar) (?:emsek|amsek|et7akam|at7akam|imsik) (?:\w+ )?(?:bol|7ali|nafsi|7alli)|salas(?: bol)?|shakhet 3a 7ali|bawalt 3a 7ali = lost control of my bladder
bared|barde|bardeh|berde|bard|sa23a|sa2ea|sa23|sa2e3|tal?j|barda = cold
shaa7eb|sha7eb|sha7ib|ba7et|ba2et|asfar|safra|asfr|sofr|mosfar|msfarr = pale
abyad|abiad|bayda|bayde|baida|abyd = white
azra2|azraa|azra2a|zar2a|zar2a2|zer2a|mzarra2|banafsaji|azrak|zar2|zara2|mezra2|mzarra2a|bnafsaji|banafsji = blue
aswad|eswed|sawda|sode|sooda|msawwad|swed|iswed|sawde|aswd|isood|msawad|esswed = black
mayyet|mayte|mayet|mayteh|meyyet|mayta|mayteh = dead
ghanghrina|gharghrina|ghangrina|ghanghrena|ghargharina|gangrene = gangrene
(?:el )?(?:e7merar|i7mirar|7amar|7omra|e7mirar) (?:\w+ )?(?:3am yentesher|byentesher|yentesher|entashar|ntashar|3am yetla3)|3am yentesher|3am yintishir|byentesher|yentesher|entashar|ntashar|3am yemshi = redness spreading
a7mar|ahmar|7amra|7amrah|7amar|ma7mar|e7mar|mo7mar|7emra|i7mirar|e7merar|m7amra|7mar|7omra|mi7mirra = red
sokhn|sukhn|s5n|so5n|sa5en|s5ne|sukhne|sokhne|sa7en|sokhna|sa5ne|s5ouneh|skhne|s5ne = hot
mwarr?am\w*|mwarm\w*|warem\w*|wareem\w*|mnaff?akh\w*|mnfou5\w*|manfoukh\w*|mtawarrem\w*|waram\w*|werem\w*|wirim\w*|naf5a|nafkha|wrem\w*|warmet|warmit = swollen
2ay7|2ee7|2i7|qay7|sadid|sdeed|2e7|2ai7|2ee7a|ki7 = pus
jer7|jar7|jor7|jr7|jori7|jro7|jera7|jarh|jer7a|majrou7|ta3wira|jor7a = wound
3am yekbar|3am yikbar|bikbar|byekbar|yekbar|3am yikbor|kebir 3am yekbar|3am bikbar|kbir = getting bigger
7arara|hrara|7rara|so5oune|sokhoune|skhouneh|sukhoone|7omma|homma|7ummah|7oma|sokhouneh|s5oune|7arara 3alye|sa5ne 3alayi = fever
2ash3arira|ra3she|raj3a|barde 3alayi|3am erjof|3am ertjef|r3sheh|ra3sha|3am ertejef|rajfe|ra3ashe|ber2ane = chills
mshawash|mlakhbat|mkharbat|tayeh|tayih|ta2ih|mdawwakh|m5arbat|mtlakhbat|metlakhbat = confused
eltihab|iltihab|mltaheb|multaheb|mletheb|moltaheb|eltahab|eltahabet|lta7ab = infected
(?:3andi|3ndi|andi|ana 3andi|3indi|3endi) (?:el |l)?(?:sokkar|sukkar|sokar|sukar|sekkari|sokkari|sukkari|sakkari|diabetes|daa2 el sokkari|sokri)|ana (?:mareed|marid|mareeda|mariida|mrid|mrida) (?:sokkar|sukkar|sokkari|sukkari|sokri)|sokkari|sukkari|sakkari = i am diabetic
fa2fou2a|fa2fou2|fa2aa3a|fa2a3a|bathra|nafta|fa2foo2a|fa2fou2ah|fa2ou3a|fa2fu2a|fa2fo2a = blister
jaraht|injara7|enjara7|anjara7|ensha7at|jara7t|n2ata3 = cut
tshaqqo2|tshe22o2|msha22a2|mshaqqaq|sho2o2|shu2u2|mshe22e2|mshe22a2|tasha22o2|tsha22o2|msha22a2a|shu22 = cracked skin
damm|dam|3am ynazzef|nazif|nazeef|3am tnazzef|3am ynazef|bynazzef|3am yenzof|3am tnazef|3am yenzef|dammi|ydammi = bleeding
tanm[ie]+l\w*|tnm[ie]+l\w*|m?namm?[ae]?l\w*|nemnem\w*|mt?namm?[ae]l\w*|tnamm?al\w* = tingling
m?khadd?ar\w*|m?5add?ar\w*|m?kha2dar\w*|5edran\w*|khedran\w*|khadran\w* = numb
7r2an|7ar2a|7ur2a|7erra2|7or2a|7ri2a|btehre2|bte7ra2|3am te7ra2ni|3am ye7ra2ni|7ar2an|7ara2|7r2a|bt7re2ni|by7re2ni|7or2an = burning
shadd|shad 3adali|tashannoj|tshannoj|tshanoj|shaddet 3adal|shadde|tashanoj|sha2 3adali = cramp
(?:\w{0,4}?)w[aeiy]?j[aeiy]?3\w*|2alam|alam|2lm|2alamni|y2lmni|bi2lemni|bi2lmni|3am y2lemni|2lam = pain
lamma (?:a3mel|ba3mel|3milt|sawwi|sawi|3mlt|e3mel|3mel|2a3mel)|w ana (?:3am )?(?:ba3mel|a3mel|sawwi|3mel|e3mel)|athna2|asna2|khilal|5ilal|wa2t (?:el|ma) = when i do
tamarin|tamareen|tamreen|tamrin|el tamarin|eltamarin|tamarine|tamareen|tmarin|tmareen = exercises
aswa2|aswa|azyad|azwad|akthar men abel|aktar mn abel|aktar men 2abel|akter mn 2abl|aktar men embare7|aktar min 2abel|ashad|2ashad|asw2 = worse
(?:rakeb|rakbe|3am yerkab|3am yirkab|3am yerkob|tal3 fo2) (?:3ala|fo2|foo2|3a)|fo2 ba3d|foo2 ba3d|fo2 ba3ed|m3a2ouf|metrakeb|metrakbe|mtrakbe|mtrakeb = crossing over
(?:rijlay|rejlayi|ejray|ijray|2ejreyi|rejlen|rijlen|rejleyn|ejrayi|2adamay|rigleya|rijleyn|rejlayy|ejrayy|2ejray|ejren|ijren|2ijrayi|el ejren|el rejlen|rejlaya|el rijlen) = both feet
rijli|rejli|rjli|ijri|ejri|2ijri|2ejri|2ajri|rejl|rijl|ejr|ijr|2adami|adami|qadami|2dmi|2adam|qadam|rijel|rejle|rijle|rjle|egri|rigli|regli|regl|rigl|2ejer|ejer|rejel|rjl|2ijr|ejre|2jri = foot
(?:el )?(?:sob3|esba3|isba3|sba3|sobe3|sbe3|2esba3|2isba3) (?:el |l)?(?:kbir|kbeer|kebir|kbire|kabir)|(?:el )?(?:ebham|ibham|2ebham|2ibham) = big toe
sob3|sbe3|isba3|esba3|2esba3|seba3|sba3|sobo3|sobaa3|soba3|sob3i|esb3|sbo3i|sob3ati|isba3i|esba3i|2isba3 = toe
sawabe3|asabe3|sbo3|sowabe3|swabe3|sawab3|asabi3|2asabe3|sawabe3i|swab3 = toes
ka3b|k3b|ka3bi|ka3eb|k3abi = heel
kaa7el|ka7el|kahel|kaa7li|ka7il|ka7li = ankle
sa2|sa2i|se2|se2i|sa2e|sa2ayi|se2an|sa2ay = leg
difr|dofr|dfr|adafer|dawafer|dhofr|do2fr|difri|dofri|defer = nail
tnen|tneen|tenen|el tnen|el tnein|tntain|tenteen|el etnen|kilta|kilton|tnenon|tnin|el tnin|tnaynaton = both
(?:ommi|omi|ummi|umi|mama|mamti|ma2mi|walidti|waldti|emmi|imi|2emmi|2ommi) = my mother
(?:abi|abou|abouy|abuya|baba|babai|walidi|waldi|bayi|2abi|abuy|babati) = my father
(?:zawji|jozi|gozi|zawgi|zoji|jawzi|zawjy) = my husband
(?:zawjti|mrati|marti|mirati|zawgti|mrti|zawjati|mrt) = my wife
(?:ibni|ebni|2ebni|binti|benti|bnti|2ibni) = my child
(?:akhi|a5i|a5oy|akhoy|5ayi|khayi|5aye|5ayye) = my brother
(?:okhti|o5ti|ekhti|ukhti|5ti|2o5ti|2ekhti|khti) = my sister
(?:teta|tayta|sitti|jadti|jeddti|sette|setti) = my grandmother
(?:sa7bi|sahbi|sadi2i|sa7bti|rfi2i|sa7ebti|rfi2ti|sadi2ti) = my friend
howe|huwwa|hwe|huwa|hiye|hiyya|hye|hiya|hoowe = he
bas|bass|lakin|laken|bs|lkn|bas hal2|bass hala2 = but
w|wa|we|wi = and
aw|walla = or
fi|fe|fee|bel|bil = in
3ala|3a|3la|3al|3le = on
men|mn|min = from
ma3|m3|ma3i = with
3andi|3ndi|andi|3indi|3endi|3nde|3ande = i have
ana|ane|ena = i
kteer|ktir|kter|ktiir|ktyr|jiddan|giddan|awi|2awi|kthir|kteeer|kthiir = a lot
shwayya|shway|shwaye|shwaya|shwy|shwi|shwe|chwaya|shwayye|shwayy|shwai = a bit
sarlo|sarla|sarli|sarle = for
sar|sarat|saret|sarit|saar = went
el|il|l|al|ya|ya3ni|yani|y3ni|hek|heik|kaman|kamen|eh|la2|yalla|shu|sho|ish|chou =
(?:ayyam|iyyam|ayam|yom|youm|yawm|eyyam) = days
(?:jem3a|jom3a|esbou3|osbou3|asabee3|usbu3|esbu3|jom3ten|esbo3|2esbo3|usbou3) = weeks
(?:shahr|sha7r|shohor|shhour|ashhor|2ashhor|ishhur|shaher|shahrayn|shahren|shhor) = months
(?:sene|sane|snin|sanawat|sana|seneh|saneh) = years
wa7ed|wa7de|wahed|wa7da|wa7ad = 1
tnen|tenten|tintein|tnein = 2
tlete|tlat|talata|tleet|tlateh|tlatt = 3
arba3a|arb3a|arba3|arb3 = 4
khamse|5amse|khamsa|5amsa|5ams = 5
sitte|sette|sitta|set = 6
sab3a|sab3|sab3ah = 7
tmene|tamanya|tmanye|tamen = 8
khalast|5alast|5lst|khalas|5alas|khallast|5allast|5alset|khalset|khlst = done
el7amdulillah|alhamdulillah|hamdulillah|el7amdella|l7amdella|el 7amdulillah|el7amdullah|alhamdolillah|7amdella|alhamdulilah|el 7amdella|hamdella|l7amdulillah|el7amdulilah|el7amdlillah = thank god
kollo|kello|kolo|kullo|kulo|kolshi|kel shi|kelo|kil shi|kolshe = all
tamam|tmam|mni7|mnee7|kwayes|kwayyes|mabsout|zeni|zein|7elo|mnih|mni7a|tamem|tmem|kwayyis = fine
inshallah|insha2allah|nshalla|inshalla|nshallah|inchallah = hopefully
shukran|shokran|merci|yeslamo = thanks
"""

_AR_SCRIPT = r"""
فجاه|فجاءه|فجأه|بشكل مفاجي|مره وحده|مره واحده|على غفله|ع غفله = suddenly
(?:من|منذ) (?:الصبح|الصباح|اليوم الصبح) = since this morning
الصبح|الصباح = this morning
(?:من|منذ) (?:امبارح|مبارح|الامس|امس|البارحه) = since yesterday
امبارح|مبارح|الامس|امس|البارحه = yesterday
اليوم|النهارده = today
هلق|هلا|الان|دلوقتي|هسه = now
(?:من|قبل|منذ) (?:سنين|سنوات|زمان) = years ago
(?:السنه|العام) (?:الماضيه|الماضي|اللي فاتت|الي فاتت) = last year
كان عندي|كنت = used to
مره تانيه|مره ثانيه|رجع|رجعت|من جديد|كمان مره = again
لسه|لسا|لا يزال|ما زال|مازال|بعده = still
راح|راحت|اختفى|اختفي|خف|خفت = went away
(?:ما|مش|لا|مو) (?:عم )?(?:بقدر|اقدر|قادر|قادره|بقدرش|استطيع|فيني) (?:\w+ )?(?:احرك|حرك|تحريك|احركه|احركها|اتحرك)\w* = can't move
(?:ما|مش|لا|مو) (?:عم )?(?:يتحرك|تتحرك|بيتحرك|بتتحرك|يتحركو|يتحركوا)\w* = won't move
(?:ما|مش|لا|مو) (?:عم )?(?:بقدر|اقدر|قادر|قادره|استطيع|فيني) = can't
(?:ما|مش|لا|مو) (?:عم )?(?:بحس|احس|حاسس|حاسه|اشعر|حاسة) = can't feel
(?:ما|مش|لا|مو) (?:عم )?(?:يوجعني|بيوجعني|توجعني|بتوجعني|يؤلمني|يالمني) = doesn't hurt
(?:ما في|مافي|ما فيه|مفيش|لا يوجد) (?:تحسن|فرق|نتيجه|فايده)|(?:ما|مش|لم) (?:تحسن|يتحسن|تغير|يتغير)|نفس الشي|نفس الشيء = no improvement
(?:ما|مش|لا|لم) (?:عم )?(?:يطيب|يلتئم|يشفى|بيطيب|يلتم|يخف|طاب)\w* = isn't healing
ما في|مافي|ما فيه|مفيش|لا يوجد|بدون|بلا|من غير = no
مش|مو|ما|لا|ليس|لم|مب = not
شلل|مشلول\w* = paralysed
ضعف|ضعيف\w* = weak
(?:وجه|وجهي|فم|فمي|تمي|بوزي|شفايفي)\w* (?:\w+ ){0,2}?(?:معوج|مايل|مائل|ملتوي|نازل|متدلي|اعوج|مال|عوج)\w* = my face is drooping
(?:اعوج|مال|مايل|نزل|تعوج|عوج) (?:\w+ )?(?:فم|فمي|تمي|وجه|وجهي)\w* = my face is drooping
(?:صعوبه|صعوبة) (?:في |ب|بال)?(?:الكلام|الحكي|النطق|كلام|حكي)|(?:ما|مش|لا) (?:عم )?(?:بقدر|قادر|قادره|اقدر|استطيع) (?:احكي|اتكلم|اتحدث|الكلام|النطق)|كلامي (?:\w+ )?(?:ثقيل|مش مفهوم|متلخبط|متداخل|مو واضح)|لساني ثقيل|ثقل (?:في )?(?:اللسان|الكلام) = i have trouble speaking
فم|فمي|تمي = mouth
وجه|وجهي = face
ذراع\w*|يدي|ايدي|ايد|يد|زندي = arm
(?:جهه|جانب|ناحيه|نص|نصف|شق) (?:\w+ )?(?:جسم|الجسم|جسمي|جسدي) = one side of my body
يمين|اليمين|الايمن|اليمنى|اليمني = right
يسار|الشمال|الايسر|اليسرى|اليسري|شمال = left
(?:زغلله|تشوش|غباش)\w*|(?:الرؤيه|الرؤيا|نظري|عيوني|الرويه) (?:\w+ )?(?:مشوش\w*|ضبابي\w*|مزدوج\w*|مغبش\w*|ضعيف\w*)|(?:بشوف|اشوف|ارى) (?:دبل|مزدوج|مغبش|ضباب|مشوش) = blurred vision
دوخه|دايخ\w*|دوار|دوران = dizzy
(?:فقدت|افقد) (?:ال)?توازن\w*|توازني = lost my balance
بين (?:رجلي|الرجلين|فخذي|الفخذين|رجليا|اجري)|الاعضاء التناسليه|المؤخره|مؤخرتي|الارداف|طيزي = between my legs
(?:ما|مش|لا) (?:عم )?(?:بقدر|قادر|قادره|اقدر|استطيع) (?:ا)?(?:بول|اتبول|التبول|اعمل حمام|اشخ)|احتباس (?:ال)?بول|البول (?:محبوس|واقف) = can't urinate
(?:ما|مش|لا) (?:عم )?(?:بقدر|قادر|اقدر|استطيع) (?:امسك|اتحكم|التحكم) (?:\w+ )?(?:البول|حالي|نفسي|ب)\w*|سلس (?:ال)?بول|سلس|فقدت السيطره على (?:البول|المثانه) = lost control of my bladder
بارد\w*|ساقع\w*|متلج\w*|تلج = cold
شاحب\w*|باهت\w*|اصفر\w*|صفرا = pale
ابيض\w*|بيضا|بيضاء = white
ازرق\w*|زرقا|زرقاء|بنفسجي\w*|مزرق\w*|ازرق = blue
اسود\w*|سودا|سوداء|مسود\w* = black
ميت|ميته|ميتة = dead
غرغرينا|غنغرينا|غرغرينه|موات = gangrene
(?:الاحمرار|الحمار|الحمره) (?:\w+ )?(?:ينتشر|عم ينتشر|بينتشر|طالع|عم يطلع)|ينتشر|عم ينتشر|بينتشر = redness spreading
احمر\w*|حمرا|حمراء|احمرار|محمر\w* = red
سخن\w*|حار|حاره|دافي|سخنه = hot
ورم\w*|منفوخ\w*|متورم\w*|انتفاخ|مورم\w*|وارم\w*|منتفخ\w* = swollen
قيح|صديد = pus
جرح\w*|جروح = wound
(?:عم )?(?:يكبر|بيكبر|بكبر) = getting bigger
حراره|سخونه|سخونيه|حمي|حمه|سخانه = fever
قشعريره|رجفه|برديه|عم ارتجف|رعشه|ارتجاف = chills
مشوش|ملخبط|تايه|ارتباك|مش مركز = confused
التهاب|ملتهب\w*|التهب\w* = infected
(?:عندي |انا )?(?:مريض |مريضه |مصاب |مصابه )?(?:ب|بال)?(?:سكري|السكري|السكر|سكر)(?: عندي)? = i am diabetic
فقاعه|بثره|نفطه|فقعه|فقاعات = blister
انجرح\w*|جرحت|انقطع = cut
تشقق\w*|شقوق|مشقق\w*|تشققات = cracked skin
دم|نزيف|بينزف|عم ينزف|ينزف = bleeding
قرحه = ulcer
تنميل|منمل\w*|نمنمه|وخز|دبابيس|نمل = tingling
خدر|مخدر\w*|خدران|متخدر\w* = numb
حرقان|حرقه|بيحرق|تحرق|حريق|حارق = burning
شد عضلي|تشنج\w*|شد = cramp
(?:بي|بت|ي|ت|عم ي|عم ت)?(?:وجع|يوجع|توجع)\w*|الم|الام|اوجاع|يالمني|بيالمني = pain
(?:لما|لمن|وقت ما|وانا) (?:\w+ )?(?:اعمل|بعمل|سويت|اسوي|عملت|بسوي)|اثناء|خلال = when i do
تمارين|التمارين|تمرين|التمرين = exercises
اسوا|ازيد|ازداد|اكثر من قبل|اكتر من قبل|اكثر من امس|اشد = worse
(?:فوق (?:بعض|الاصبع|اصبع)|راكب (?:على|فوق)|متراكب\w*|معقوف\w*) = crossing over
رجلين|اجرين|قدمين|القدمين|الرجلين|رجليا|رجلياتي|اجريا = both feet
رجل|رجلي|اجر|اجري|قدم|قدمي = foot
(?:الاصبع|اصبع|صباع|اصبعي) (?:ال)?كبير|الابهام|ابهام = big toe
اصبع|صباع|اصبعي|صبعي|صبع = toe
اصابع|صوابع|اصابعي|صوابعي = toes
كعب\w* = heel
كاحل\w* = ankle
ساق\w* = leg
ظفر|ظافر|اظافر|ضفر = nail
الاثنين|الاتنين|كلتا|كلا|التنتين|الثنتين = both
امي|ماما|والدتي = my mother
ابوي|ابي|بابا|والدي = my father
زوجي|جوزي = my husband
زوجتي|مرتي = my wife
ابني|بنتي = my child
اخوي|اخي = my brother
اختي = my sister
جدتي|ستي|تيتا = my grandmother
صاحبي|صديقي|صاحبتي|صديقتي = my friend
هو|هي = he
بس|لكن|بينما|الا = but
و = and
او = or
في|فيه|بال = in
على|ع = on
من = from
مع = with
عندي|عندى = i have
انا = i
كثير|كتير|جدا|اوي|كتيير = a lot
شوي|شويه|قليل|شوية = a bit
صار|صارت|اصبح|اصبحت = is
ايام|يوم = days
اسبوع|اسابيع|جمعه = weeks
شهر|شهور|اشهر = months
سنه|سنين|سنوات = years
خلصت|خلصنا|انتهيت = done
الحمدلله|الحمد لله|الحمدالله = thank god
كله|كلو|كل شي = all
تمام|منيح|كويس|بخير|مليح = fine
شكرا = thanks
"""


# Italian: "è" (is) is kept apart from "e" (and) before accents are folded: "e'".
_IT = r"""
# onset and time
all'improvviso|improvvisamente|d'improvviso|di colpo|tutto d'un tratto|tutt'a un tratto|all improvviso|improvviso = suddenly
da (?:stamattina|stamane|questa mattina|stamani)|dal risveglio = since this morning
stamattina|stamane|questa mattina|stamani = this morning
da ieri(?: sera)?|da stanotte = since yesterday
(?:un'ora|un ora|mezz'ora|mezzora) fa = an hour ago
(?:due|tre|poche|qualche) ore fa = hours ago
ieri = yesterday
stanotte|ieri sera = last night
oggi = today
adesso|ora|in questo momento = now
al risveglio|mi sono svegliat[oa] = woke up
(?:molti |tanti |alcuni |diversi )?anni fa = years ago
l'anno scorso|l anno scorso|l'anno passato = last year
da (?:bambin[oa]|piccol[oa]|giovane)|quando ero (?:bambin[oa]|piccol[oa]|giovane) = as a child
avevo (?:spesso |a volte )?|una volta avevo|di solito avevo = i used to have
di nuovo|ancora una volta|un'altra volta|e' tornat[oa]|sono tornat[ie]|torna|tornato = again
ancora|tuttora = still
(?:e' |e )?passat[oa]|(?:e' |e )?sparit[oa]|non c'e piu = went away
non (?:mi )?fa piu male = it doesn't hurt any more
# movement and weakness
non (?:riesco|riesce|riuscivo|posso|puo) (?:piu )?(?:a )?(?:muovere|muoverl[oaie]|muovermi|alzare|sollevare|piegare)\w* = can't move
non (?:l[oaie] |li )?(?:riesco|posso) (?:piu )?(?:a )?(?:muovere|alzare|sollevare)\w* = can't move
non si (?:muove|muovono)(?: piu)? = won't move
non (?:riesco|posso) = can't
non (?:sento|sentivo|sento piu) (?:piu )?(?:niente|nulla) = can't feel anything
non (?:sento piu|sentivo|sento|riesco piu a sentire|riesco a sentire) = can't feel
non (?:mi )?fa male|non (?:mi )?fanno male|non (?:mi )?duole = doesn't hurt
non ho = i don't have
non c'e|non ci sono = there is no
non (?:migliora|e' migliorat[oa]|e migliorat[oa]|vedo miglioramenti|noto miglioramenti)\w*|nessun miglioramento|senza miglioramenti?|sempre uguale|come prima = no improvement
non (?:guarisce|si chiude|si rimargina|cicatrizza)\w* = isn't healing
adesso (?:niente|nulla|no|piu niente)|ora (?:niente|nulla|no)|non piu(?=\s*(?:[,.!]|$)) = none now
no(?=\s*[,.!]) = no,
non|no = no
senza = without
niente|nulla = nothing
nessun[oa]?|nessun = no
paralizzat\w*|paralisi = paralysed
debol\w*|senza forza|fiacc\w* = weak
muover\w* = move
# stroke
(?:bocca|faccia|viso)\w* (?:\w+ ){0,2}?(?:storta|storto|cadente|abbassat\w*|calat\w*|paralizzat\w*|pende|penzola|deformat\w*) = my face is drooping
(?:mi )?(?:pende|cade|si abbassa|si storce|si e storta|si e' storta) (?:la )?(?:bocca|faccia|viso) = my face is drooping
(?:parlo|parla|parlava) (?:\w+ )?(?:male|strano|a fatica|impastat\w*|confus\w*)|(?:difficolta|fatica|problemi) a parlare|non (?:riesco|riesce) a parlare|parole (?:impastate|confuse|strascicate)|biascic\w* = i have trouble speaking
bocca = mouth
faccia|viso|volto = face
braccio|braccia = arm
mano|mani = hand
(?:un|il|tutto il|mezzo|meta del) (?:lato|fianco) del corpo|meta del corpo|mezzo corpo|(?:lato|parte) (?:destr[oa]|sinistr[oa]) del corpo = one side of my body
lato = side
destr\w* = right
sinistr\w* = left
(?:vista|visione) (?:e' |\w+ )?(?:offuscat\w*|annebbiat\w*|sfocat\w*|doppia)|vedo (?:doppio|sfocato|annebbiato|offuscato|male) = blurred vision
vertigin\w*|capogiro|giramenti di testa|mi gira la testa = dizzy
(?:perdo|ho perso|perdere) l'equilibrio|senza equilibrio = lost my balance
# cauda equina
tra le gambe|fra le gambe|inguine|genitali|parti intime|glutei|sedere|natiche = between my legs
non (?:riesco|riesce) (?:a )?(?:urinare|fare pipi|fare la pipi)|non faccio pipi|non urino = can't urinate
incontinen\w*|(?:ho perso|perdo) il controllo (?:della |di )?(?:vescica|urina|pipi|intestino)|me la sono fatta addosso|mi sono fatt[oa] la pipi addosso = lost control of my bladder
# circulation
fredd\w*|gelat[oa]|ghiacciat\w* = cold
pallid\w* = pale
bianc\w*|sbiancat\w* = white
blu|bluastr\w*|viola|violac\w*|livid\w* = blue
ner[oaie]|nerastr\w*|annerit\w* = black
scur[oaie]|scurit\w* = dark
(?:sembra|pare|come) mort[oaie] = looks dead
mort[oaie] = dead
cancren\w*|necros\w* = gangrene
# infection
(?:il )?rossore (?:\w+ )?(?:si (?:sta )?(?:allarga|allargando|estende|estendendo|espande)|sale|avanza)|si (?:sta )?(?:allarga|allargando|estende|estendendo|espande) = redness spreading
ross[oaie]|arrossat\w*|rossore|arrossamento = red
cald[oaie]|bollente = hot
gonfi[oaie]?|gonfiat\w*|gonfiore|gonfiato|tumefatt\w*|infiammat\w* = swollen
pus|purulent\w* = pus
ferit\w*|piaga|piaghe = wound
(?:sempre )?piu grande|(?:si )?(?:sta )?(?:allargando|ingrandendo) = getting bigger
febbre = fever
temperatura = temperature
brividi|tremo|tremori = chills
confus[oa]|disorientat\w* = confused
infett\w*|infezione = infected
# diabetes
(?:sono |io sono )?diabetic[oa]|(?:ho |io ho )?(?:il )?diabete|(?:ho )?(?:la )?glicemia alta|zucchero alto = i am diabetic
(?:e'|e) diabetic[oa]|ha (?:il )?diabete = is diabetic
# skin
vescic\w*|bolla|bolle = blister
tagli\w* = cut
crep\w*|screpolat\w*|spaccat\w*|ragad\w* = cracked skin
pelle = skin
sangu\w* = bleeding
ulcer\w* = ulcer
call[oi]|duron\w* = callus
# sensation and pain
formicol\w* = tingling
intorpidit\w*|addormentat\w*|insensibil\w*|torpore|non (?:ho )?sensibilita = numb
bruci\w* = burning
cramp\w* = cramp
scoss\w* elettric\w*|scariche elettriche|scossa|scosse = electric shocks
spilli|aghi = pins and needles
dolore (?:forte|fortissimo|intenso|insopportabile|terribile)|dolori (?:forti|intensi) = severe pain
(?:mi )?fa male|(?:mi )?fanno male|(?:mi )?duole|(?:mi )?dolgono|fa malissimo = it hurts
dolor[ei]|male = pain
dolorant\w*|indolenzit\w* = sore
# exercise
esercizi\w* = exercises
(?:quando|mentre) (?:faccio|facevo)|durante|facendo = when i do
asciugamano = towel
biglie|palline = marbles
peggio|peggiorat\w*|peggior\w* = worse
(?:piu )?di prima|rispetto a prima = than before
# deformity
(?:si )?(?:sta )?(?:accavall\w*|sovrappon\w*|incroci\w*)|(?:va|sale|passa) sopra (?:all'|agli |al |alle )?(?:altr\w*|dito|alluce)? = crossing over
(?:si )?(?:sta )?(?:piegando|arricciando|incurvando|storcendo) (?:verso il basso|sotto)|(?:si )?arriccia\w*|(?:si )?piega\w* sotto = curling under
a (?:martello|artiglio) = hammer toe
stort[oaie] = twisted
secondo = second
terzo = third
quarto = fourth
quinto = fifth
# body
piedi = feet
piede = foot
alluce|dito grosso|ditone = big toe
mignolo(?: del piede)?|dito piccolo = little toe
dit[ai] (?:del|dei) pied[ei]|dita = toes
dito(?: del piede)? = toe
tallon[ei]|calcagno = heel
pianta del piede|piante dei piedi|pianta = sole
cavigli[ae] = ankle
gambe = legs
gamba = leg
unghi[ae] = nail
entrambi|entrambe|tutti e due|tutte e due|tutt'e due|i due|le due = both
# people
(?:mia )?(?:mamma|madre) = my mother
(?:mio )?(?:papa|padre|babbo) = my father
(?:mio )?marito = my husband
(?:mia )?moglie = my wife
(?:mio |mia )?(?:figli[oa]) = my child
(?:mio )?fratello = my brother
(?:mia )?sorella = my sister
(?:mia )?nonna = my grandmother
lui|lei = he
# glue
ma|pero|tuttavia|invece = but
tranne|eccetto|a parte = except
e = and
e' = is
o|oppure = or
con = with
in|nel|nella|nei|nelle|sul|sulla|sui|sulle|al|alla|ai|alle|allo = in
di|del|della|dei|delle|dello|degli|dal|dalla|dai = of
il|lo|la|i|gli|le|l' = the
un|uno|una|un' = a
mio|mia|miei|mie = my
suo|sua|suoi|sue = his
io = i
ho = i have
ha|hanno = has
sono|sta|sto|stanno|e' = is
molto|tanto|tantissimo = a lot
un po'|un po|poco|leggermente = a bit
che = that
quando = when
da quando|dopo = after
se = if
mi|si|ti|ci|ne|c'|me =
piu = more
sempre = always
la settimana (?:scorsa|passata)|settimana scorsa = last week
da = for
giorn[oi] = days
settiman[ae] = weeks
mese|mesi = months
ann[oi] = years
uno = 1
due = 2
tre = 3
quattro = 4
cinque = 5
sei = 6
sette = 7
otto = 8
alcun[ie]|qualche|pochi|poche = few
finito|fatto|fatti|completato = done
bene|tutto bene|tutto ok|va bene|va tutto bene = fine
grazie = thanks
ciao|salve|buongiorno|buonasera =
"""

_IT_FAMILIES = r"""
(?:cosa|che cosa|che) (?:devo fare|faccio|dovrei fare|si fa|posso fare),? (?:se|quando|nel caso) = what should i do if
(?:cosa|che cosa|che) (?:succede|succederebbe|capita|accade),? (?:se|quando) = what happens if
e se = what if
nel caso (?:in cui|che)?|in caso (?:di)?|casomai|se mai = in case
(?:e'|e|sarebbe) normale (?:se|quando) = is it normal if
(?:e'|e|sarebbe) normale che = is it normal that
(?:e'|e|sarebbe) (?:grave|pericoloso|brutto|preoccupante) (?:se|che) = would it be bad if
(?:possono|puo|potrebbe|potrebbero) (?:causare|provocare|dare|portare) = can it cause
un giorno|prima o poi = one day
per ora|per adesso|al momento|finora = for now
(?:di |a |la |il )?(?:mia |mio )?vicin[oa](?: di casa)? = my neighbour
(?:di |a |la |il )?(?:mia |mio )?collega = my colleague
(?:di |a )?(?:mia |mio )?nipot[ei] = my grandson
(?:di |a )?(?:mio )?nonno = my grandfather
(?:di |a )?mio figlio = my son
(?:di |a )?mia figlia = my daughter
(?:di |a )?(?:mia |mio )?(?:badante|assistente) = my carer (someone else)
(?:di |a )?(?:mia |mio )?amic[oa] = my friend
(?:di |a )?(?:mia |mio )?(?:suocer[oa]) = my mother-in-law
(?:vi |le |ti )?(?:scrivo|sto scrivendo|scriviamo) (?:per|per conto di|a nome di|al posto di|da parte di) (?:mia \w+|mio \w+|lei|lui|il paziente|la paziente) = i am writing for my mother
(?:sono|qui e'|qui e|scrive) (?:su[oa] |il |la )?(?:figli[oa]|nipote|badante|moglie|marito|infermier\w*|nuora|genero) = i am her carer
(?:le |gli )?(?:diventa|diventano|sta diventando|stanno diventando) = are going
(?:e' |e |sono |si e' |si e |si sono )?diventat[oaie]|si (?:e'|e|sono) fatt[oaie] = went
diventare = go
non (?:l[oaie] |li |mi )?(?:riesco|posso|riuscivo) (?:piu )?(?:a )?(?:muover\w*|alzar\w*) = can't move
"""

# Polish: "ł" is typed "l" without Polish letters (folded so), "pęcherz" is a blister on the
# skin and the bladder with "moczowy" or "mocz".
_PL = r"""
# onset and time
nagle|nagly|nagla|znienacka|raptem|niespodziewanie|z nienacka = suddenly
od (?:dzisiejszego )?rana|od samego rana|od dzis rana|od rano = since this morning
dzis rano|dzisiaj rano|rano = this morning
od wczoraj(?: wieczorem)?|od wczorajszego wieczoru|od nocy = since yesterday
(?:godzine|godz|pol godziny) temu = an hour ago
(?:dwie|trzy|kilka) godzin\w* temu = hours ago
wczoraj = yesterday
w nocy|ostatniej nocy = last night
dzis|dzisiaj = today
teraz = now
po przebudzeniu|obudzil\w* sie = woke up
(?:wiele |kilka |pare )?lat temu = years ago
w zeszlym roku|rok temu|w ubieglym roku = last year
w dziecinstwie|jako dziecko|kiedy bylam mala|kiedy bylem maly = as a child
kiedys mial\w*|dawniej|kiedys = used to have
znowu|znow|ponownie|wrocil\w*|wraca = again
nadal|wciaz|dalej|ciagle = still
(?:juz )?(?:przeszl\w*|minel\w*|znikn\w*) = went away
juz nie boli = it doesn't hurt any more
# movement and weakness
nie (?:moge|moze|mogl\w*|jestem w stanie|daje rady) (?:\w+ )?(?:ruszac|ruszyc|poruszac|poruszyc|podniesc|zgiac|unies\w*)\w* = can't move
nie (?:rusza|ruszaja|porusza|poruszaja) sie = won't move
nie moge = can't
nic nie czuje|nie czuje nic = can't feel anything
nie czuj\w* = can't feel
nie boli|nie bola|nic nie boli = doesn't hurt
nie mam = i don't have
nie ma = there is no
bez (?:zadnej )?poprawy|brak poprawy|nie (?:ma )?poprawy|nie poprawia sie|nie jest lepiej|bez zmian|tak samo jak (?:przedtem|wczesniej) = no improvement
nie (?:goi|zagoil|zagoila|zamyka)\w*(?: sie)? = isn't healing
teraz (?:nic|juz nic|nie)|juz nie(?=\s*(?:[,.!]|$)) = none now
nie(?=\s*[,.!]) = no,
nie = no
ani = nor
bez = without
nic = nothing
zadn\w* = no
sparalizowan\w*|paraliz\w*|bezwladn\w* = paralysed
slab\w*|oslabion\w*|bez sily|oslabienie = weak
ruszac|poruszac = move
# stroke
(?:opadl\w*|opada|opadajac\w*|krzyw\w*|wykrzywion\w*|wykrzywil\w*) (?:\w+ ){0,2}?(?:kacik ust|usta|twarz|kacik)|(?:twarz|usta|kacik ust)\w* (?:\w+ ){0,2}?(?:opadl\w*|opada|krzyw\w*|wykrzywion\w*|wykrzywil\w*) = my face is drooping
(?:mowie|mowi|mowila|mowil) (?:\w+ )?(?:niewyraznie|belkotliwie|dziwnie|bez sensu)|(?:trudnosci|problem|problemy|klopot) (?:z|w) mowieniem|(?:belkocze|belkot\w*|belkotliw\w*)|nie moge mowic|niewyrazna mowa|zaburzenia mowy|placze mi sie jezyk = i have trouble speaking
usta = mouth
twarz\w* = face
rek[aei]|rece|ramie|ramion\w* = arm
dlon\w* = hand
(?:jedna|cala|lewa|prawa) (?:strona|polowa) ciala|polowa ciala|polowy ciala|jednej strony ciala = one side of my body
stron\w* = side
praw\w* = right
lew\w* = left
(?:widze|widzi) (?:\w+ )?(?:podwojnie|niewyraznie|za mgla|rozmazane|rozmyte)|(?:podwojne|niewyrazne|zamglone|rozmazane) widzenie|mroczki = blurred vision
zawrot\w* glowy|kreci mi sie w glowie|zawroty = dizzy
(?:trace|stracil\w*) rownowag\w*|bez rownowagi|zaburzenia rownowagi = lost my balance
# cauda equina
(?:miedzy|w) (?:nogami|kroczu)|krocz\w*|pachwin\w*|narzady plciowe|okolic\w* intymn\w*|posladk\w*|pupa|pupie = between my legs
nie (?:moge|moze|jestem w stanie) (?:sie )?(?:oddac moczu|wysikac|siusiac|sikac|zrobic siku|oddawac moczu)|zatrzymanie moczu = can't urinate
nietrzymani\w*|(?:stracil\w*|trace|brak) kontrol\w* nad (?:pecherzem|moczem|jelitami|zwieraczami)|zmoczyl\w* sie|posikal\w* sie|popuszczam = lost control of my bladder
pecherz\w* moczow\w*|mocz\w* = bladder
# circulation
zimn\w*|lodowat\w*|zmarzniet\w* = cold
blad\w*|pobladl\w* = pale
bial\w*|zbielal\w*|pobielal\w* = white
sin\w*|niebiesk\w*|zsinial\w*|posinial\w*|fioletow\w*|purpurow\w* = blue
czarn\w*|sczernial\w*|poczernial\w*|zczernial\w* = black
ciemn\w* = dark
(?:wyglada|wygladaja) (?:jak )?(?:martw\w*|obumarl\w*)|jak martw\w* = looks dead
martw\w*|obumarl\w* = dead
gangren\w*|martwic\w* = gangrene
# infection
(?:zaczerwienienie|czerwien) (?:\w+ )?(?:sie )?(?:rozszerza|rozchodzi|powieksza|idzie w gore)|(?:rozszerza|rozchodzi) sie = redness spreading
czerwon\w*|zaczerwienion\w*|zaczerwienienie|zaczerwienil\w* = red
gorac(?!zk)\w*|rozgrzan\w* = hot
ciepl\w* = warm
spuchniet\w*|opuchniet\w*|spuchl\w*|opuchl\w*|obrzek\w*|opuchlizna|puchnie|spuchnieta|zapalenie|obrzmial\w* = swollen
rop\w*|ropieje|ropien\w* = pus
ran[aey]|ranka|rance|rane = wound
(?:coraz )?wieksz\w*|powieksza sie|rosnie = getting bigger
goraczk\w* = fever
temperatur\w* = temperature
dreszcz\w* = chills
splatan\w*|zdezorientowan\w*|dezorientacj\w* = confused
zakazon\w*|infekcj\w*|zakazenie = infected
# diabetes
(?:mam |choruje na )?cukrzyc\w*|(?:jestem )?cukrzyk\w*|(?:jestem )?diabetyk\w*|(?:mam )?(?:wysoki )?cukier = i am diabetic
# skin
pecherz\w*|babel\w*|bable = blister
skalecz\w*|przeciec\w*|zaciec\w* = cut
pekniec\w*|pekniet\w*|pekaj\w*|popekan\w*|rozpadlin\w* = cracked skin
krwawi\w*|krew|krwi = bleeding
owrzodzeni\w*|wrzod\w* = ulcer
odcisk\w*|modzel\w* = callus
# sensation and pain
mrowi\w* = tingling
dretw\w*|zdretwial\w*|scierpl\w*|cierpnie|cierpna|bez czucia|brak czucia|nieczul\w* = numb
piecz\w*|pali|piekacy|palacy|palenie = burning
skurcz\w* = cramp
(?:jak )?(?:prad|porazenie pradem|kopniecie pradem) = electric shocks
szpilki|igielki|igly = pins and needles
(?:silny|ogromny|straszny|nie do zniesienia|okropny) bol|bol (?:nie do zniesienia|silny|ogromny) = severe pain
boli|bola|bolal\w*|bolaly|boli mnie = it hurts
bol|bolu|bolem|bole = pain
obolal\w* = sore
# exercise
cwiczen\w*|cwiczy\w* = exercises
(?:podczas|w trakcie|przy) = during
po cwiczeniach = after the exercises
recznik\w* = towel
kulki|kulek = marbles
gorzej|gorsz\w*|pogorszyl\w*|pogarsza\w* = worse
niz (?:wczesniej|przedtem|przed|zwykle|wczoraj) = than before
# deformity
(?:nachodzi|wchodzi|zachodzi|kladzie sie) (?:na|pod) = crossing over
(?:krzyzuj\w*|zachodz\w*) = crossing over
(?:podwija|zawija|zwija|podkurcza|kurczy)\w*(?: sie)?(?: pod spod| w dol| pod)? = curling under
(?:mlotkowat\w*|szponiast\w*) = hammer toe
krzyw\w* = twisted
drugi = second
trzeci = third
czwart\w* = fourth
piat\w* = fifth
# body
stop[yeay]|stopa|stopie|stopami|stopach|stope = foot
duz\w* pal\w*|paluch\w* = big toe
mal\w* pal\w* = little toe
palc\w* (?:u |od )?(?:stop|nog|stopy|nogi)|palcach u stop|palc\w* = toes
palec|paluszek = toe
piet\w*|piecie = heel
podeszw\w*|spod stopy = sole
kostk\w* = ankle
nog[iaeu]|nogach|nogami|nodze|nog|noge = leg
obie nogi|obu nog\w*|obydwie nogi|obydwu nog\w* = both legs
paznok\w* = nail
obie|obydwie|oba|obydwa|obu = both
# people
(?:moja |mojej )?(?:mama|matka|matki|mamie|mamy(?= stop| nog| pal)) = my mother
siniak\w* = bruise
(?:moj )?(?:tata|ojciec|taty|ojca) = my father
(?:moj )?maz|meza|mezowi = my husband
(?:moja )?zona|zony = my wife
(?:moj )?syn|syna = my son
(?:moja )?corka|corki = my daughter
(?:moj )?brat|brata = my brother
(?:moja )?siostra|siostry = my sister
(?:moja )?babci\w*|babcia = my grandmother
on|ona = he
# glue
ale|lecz|jednak|natomiast = but
oprocz|poza|z wyjatkiem = except
i|oraz|a = and
lub|albo = or
z|ze = with
w|we|na = in
jest|sa|jestem = is
mam = i have
ma|maja = has
mi|mnie|sie|mnie sie|mi sie|to|tak|juz|no|jakis|jakas =
bardzo|mocno = very
troche|lekko|nieco|troszke = a bit
duzo|wiele = a lot
ze|ktory|ktora = that
kiedy|gdy = when
jesli|jezeli|gdyby = if
od = for
po = after
zrobil\w*|zrobila = done
moj|moja|moje|moi|moich|mojej|mojego|moim = my
dzien|dni|dnia = days
tydzien|tygodni\w* = weeks
miesiac\w* = months
rok|lat|lata = years
jeden|jedna = 1
dwa|dwie = 2
trzy = 3
cztery = 4
piec = 5
szesc = 6
siedem = 7
osiem = 8
kilka|pare = few
skonczyl\w*|gotowe|zrobione = done
dobrze|wszystko dobrze|wszystko w porzadku|ok = fine
dziekuje|dzieki = thanks
czesc|dzien dobry|witam =
"""

_PL_FAMILIES = r"""
co (?:mam|powinienem|powinnam|trzeba|nalezy) (?:zrobic|robic),? (?:jesli|jezeli|gdy|kiedy|gdyby|w razie) = what should i do if
co (?:sie stanie|bedzie|robic),? (?:jesli|jezeli|gdy|kiedy|gdyby) = what happens if
a (?:co )?(?:jesli|jezeli|gdyby) = what if
w razie|na wypadek|w przypadku = in case
czy (?:to )?(?:jest )?normalne,? (?:jesli|jezeli|gdy|ze|kiedy) = is it normal if
czy (?:to )?(?:jest )?(?:grozne|niebezpieczne|zle|powazne),? (?:jesli|jezeli|gdy|ze|kiedy) = would it be bad if
czy (?:cwiczenia )?(?:moga|moze) (?:spowodowac|powodowac|wywolac) = can it cause
pewnego dnia|kiedys w przyszlosci = one day
na razie|na teraz|obecnie|poki co = for now
(?:mojej |moja |moj |mojego )?(?:sasiadk\w*|sasiad\w*) = my neighbour
(?:mojej |moja |moj |mojego )?(?:kolezank\w*|koleg\w*|wspolpracownik\w*) = my colleague
(?:mojej |moja |moj |mojego )?(?:wnuk\w*|wnucz\w*) = my grandson
(?:mojego |moj )?(?:dziadk\w*|dziadek) = my grandfather
(?:mojej |moja |moj |mojego )?(?:przyjaciolk\w*|przyjaciel\w*) = my friend
(?:mojej |moja |moj |mojego )?(?:tesciow\w*) = my mother-in-law
(?:pisze|piszemy|pisze to) (?:za|w imieniu|dla|zamiast) (?:mojej \w+|mojego \w+|mame|mamy|taty|meza|zony|babci|dziadka|niej|niego) = i am writing for my mother
(?:jestem|tu|tutaj|z tej strony) (?:jej|jego) (?:corka|corka|synem|syn|wnuczk\w*|wnuk\w*|opiekunk\w*|opiekun\w*|zona|mezem|maz|pielegniark\w*) = i am her carer
(?:zrobil|zrobila|zrobily|zrobilo) (?:mi )?sie = i got
(?:stal|stala|stalo|staly|zrobil|zrobila|zrobily|zrobilo)(?: sie)? = went
(?:robi|robia|staje|staja) sie = are going
nie (?:moge|mogl\w*|jestem w stanie) (?:nim|nia|nimi|go|jej|ich) (?:ruszac|ruszyc|poruszac|poruszyc)\w* = can't move
"""

# Turkish: suffixes carry person, negation and case ("ağrımıyor" does not hurt, "ağrı yok" no
# pain); "ı" and "İ" are folded to "i" (Python lowers "I" to "i"), "ş ğ ç ö ü" lose their marks.
_TR = r"""
# onset and time
aniden|birden(?:bire)?|ani olarak|bir anda|ansizin|aniden bire = suddenly
(?:bu )?sabahtan beri|sabahtan bu yana|bu sabahtan itibaren = since this morning
bu sabah|sabah = this morning
dunden beri|dun aksamdan beri|dun geceden beri = since yesterday
(?:bir|yarim) saat (?:once|evvel) = an hour ago
(?:iki|uc|birkac) saat (?:once|evvel) = hours ago
dun gece|gece = last night
dun = yesterday
bugun = today
simdi|su an|su anda = now
uyandigimda|uyaninca|uyandim = woke up
(?:yillar|yil|sene|seneler) once = years ago
gecen (?:yil|sene) = last year
cocukken|cocuklugumda = as a child
eskiden|onceden = used to have
yine|tekrar|gene|yeniden = again
hala|halen|devam ediyor = still
(?:gecti|geciyor|kayboldu|kalmadi) = went away
artik agrimiyor = it doesn't hurt any more
# movement and weakness
(?:hareket ettiremiyorum|hareket ettiremiyor|oynatamiyorum|kipirdatamiyorum|kimildatamiyorum|oynatamiyor|kaldiramiyorum|bukemiyorum|hareket edemiyorum|kipirdatamiyor|kimildatamiyor|hareket ettiremedim|oynatamadim)\w* = can't move
(?:hareket etmiyor|oynamiyor|kipirdamiyor|kimildamiyor) = won't move
hissetmiyorum|hissedemiyorum|hissetmiyor|his yok|hissizlesti = can't feel
hicbir sey hissetmiyorum|hic hissetmiyorum = can't feel anything
agrimiyor|agrimadi|acimiyor|acimadi = doesn't hurt
uyusmuyor|uyusmadi|uyusmamis = not numb
sismiyor|sismedi|sismemis = not swollen
kizarmiyor|kizarmadi|kizarmamis = not red
kanamiyor|kanamadi = not bleeding
karincalanmiyor|karincalanmadi = no tingling
yanmiyor|yanmadi = no burning
morarmiyor|morarmadi|kararmiyor|kararmadi = no colour change
(?:hic )?iyilesme yok|duzelme yok|(?:hic )?duzelmedi|iyilesmedi|gecmedi|ayni (?:sekilde|gibi)|degisiklik yok = no improvement
(?:yara )?(?:iyilesmiyor|kapanmiyor|gecmiyor|kabuk baglamiyor) = isn't healing
simdi (?:yok|bir sey yok|hicbir sey yok)|artik yok = none now
degil = not
hic = no
felc\w*|felclı|felcli = paralysed
guclu degil|gucsuz\w*|zayif\w*|halsiz\w*|guc kaybi|gucum yok = weak
hareket = move
# stroke
(?:agz\w*|yuz\w*|dudag\w*) (?:\w+ ){0,2}?(?:kaydi|kaymis|kayiyor|sarkti|sarkiyor|sarkmis|carpildi|carpik|egildi|dustu|dusuk) = my face is drooping
(?:konusamiyorum|konusmakta zorlaniyorum|konusmam bozuldu|dilim dolaniyor|dilim tutuldu|konusmam (?:bozuk|garip|tuhaf|anlasilmiyor)|peltek|zor konusuyorum|kelimeleri bulamiyorum|konusma bozuklugu|anlasilmaz konusuyor\w*) = i have trouble speaking
agiz|agzim|agzi = mouth
yuz|yuzum|yuzu|yuzumun = face
kol|kolum|kolu|koluma|kolumda|kollarim\w*|kollar\w* = arm
el|elim|eli|ellerim = hand
(?:vucudumun|vucudun|bedenimin) (?:bir|sag|sol) (?:tarafi|yani)|(?:bir|sag|sol) tarafim|vucudun yarisi|yarim tarafim = one side of my body
taraf\w* = side
sag = right
sol = left
(?:cift|bulanik|bulanık) (?:goruyorum|gorme|gorus)|gozlerim bulaniyor|gorme bozuklugu|iki tane goruyorum|bulanik = blurred vision
bas donmesi|basim donuyor|bas dönmesi|sersemlik = dizzy
dengemi kaybettim|dengem bozuldu|denge kaybi|dengesiz = lost my balance
# cauda equina
(?:bacaklarimin|bacaklarin) arasi\w*|kasik\w*|genital\w*|cinsel bolge\w*|kalca\w*|popo\w*|apis arasi\w*|makat\w* = between my legs
(?:idrar yapamiyorum|idrarimi yapamiyorum|isemiyorum|isiyemiyorum|cise cikamiyorum|tuvalete cikamiyorum|idrar yapamadim) = can't urinate
(?:idrar|mesane|bagirsak|dışkı|diski)\w* (?:kontrol\w*|tutam\w*) (?:\w+ )?(?:kaybettim|kaybi|yok|edemiyorum|tutamiyorum)|idrar kacirma|altimi islattim|idrarimi tutamiyorum|kaciriyorum = lost control of my bladder
# circulation
soguk\w*|buz gibi|buz kesti|buz kesmis|usuyor = cold
solgun\w*|soluk\w*|sarardi|bembeyaz|beyazladi|beyaz\w* = pale
mor(?!al)\w*|mosmor|mavi\w*|morardi|morarmis|morariyor|lacivert = blue
siyah\w*|simsiyah|kara|kararmis|karardi|karariyor|kararmaya|kapkara = black
(?:olu gibi|olmus gibi|cansiz gibi) = looks dead
olu|cansiz = dead
kangren\w*|nekroz\w* = gangrene
# infection
(?:kizariklik|kirmizilik) (?:\w+ )?(?:yayiliyor|yayildi|buyuyor|artiyor)|yayiliyor|yayildi = redness spreading
kirmizi\w*|kizarik\w*|kizardi|kizarmis|kizariyor|kizariklik = red
sicak\w*|sicacik|alev alev|ates gibi = hot
sis\w*|sismis|sisti|siskin|siyor|sislik|odem\w* = swollen
iltihap\w*|irin\w*|cerahat\w* = pus
yara\w* = wound
buyuyor|buyudu|genisliyor|buyumus = getting bigger
ates\w* = fever
derece = degrees
titreme\w*|titriyorum|usume\w* = chills
bilinc bulanik\w*|kafam karisik|zihin bulanikligi|saskin\w* = confused
enfeksiyon\w*|mikrop kapti\w* = infected
# diabetes
(?:seker hastasiyim|seker hastaligim var|diyabetim var|diyabet hastasiyim|sekerim var|diyabetigim|sekerim yuksek|diyabetik\w*|seker hastasi\w*|diyabet\w*|sekerim) = i am diabetic
# skin
su topla\w*|su toplamasi|kabarcik\w*|bulu\w*|su kesesi = blister
kesik\w*|kestim|kesildi = cut
catlak\w*|catladi|yarik\w* = cracked skin
kana\w*|kan = bleeding
ulser\w* = ulcer
nasir\w* = callus
# sensation and pain
karincalan\w*|karinca\w*|igne batmasi|igneleniyor|diken diken = tingling
uyusu\w*|uyusmus|uyustu|uyusuyor|uyusukluk|his kaybi|hissiz\w* = numb
yanma\w*|yaniyor|yakiyor|yanmasi = burning
kramp\w* = cramp
elektrik (?:carpmasi|carpiyor|gibi)|elektriklenme = electric shocks
(?:cok siddetli|siddetli|dayanilmaz|berbat) agri\w* = severe pain
agri yapiyor|agriyor|agriyorlar|agridi|aciyor|acidi|sizliyor|zonkluyor = it hurts
agri\w*|aci\w*|sizi\w* = pain
# exercise
egzersiz\w*|egzersiz|alistirma\w*|hareketler\w* = exercises
(?:yaparken|sirasinda|esnasinda) = during
sonra = after
havlu\w* = towel
bilye\w*|misket\w* = marbles
(?:daha )?kotu|kotulesti|kotulesiyor|agirlasti = worse
oncekinden|eskisinden|oncesinden = than before
# deformity
(?:ustune|uzerine|altina) (?:biniyor|cikiyor|kaydi|geciyor|binmis) = crossing over
(?:kivriliyor|kivrildi|kivrilmis|bukuluyor|icine kivriliyor)\w* = curling under
cekic (?:parmak)?|pence (?:parmak)? = hammer toe
egri\w*|carpik\w* = twisted
ikinci = second
ucuncu = third
dorduncu = fourth
besinci = fifth
# body
ayak parmak\w*|parmak\w* = toes
ayak basparmag\w*|basparmag\w*|bas parmag\w* = big toe
serce parmag\w*|kucuk parmag\w* = little toe
ayaklarim|ayaklarimda|ayaklari|ayaklar\w* = feet
ayag\w*|ayak|ayakta = foot
topuk\w*|topug\w* = heel
taban\w*|ayak tabani\w* = sole
bilek\w*|ayak bilegi\w* = ankle
iki bacag\w*|her iki bacag\w*|iki bacak\w*|bacaklarim\w*|bacaklar\w* = both legs
bacak\w*|bacag\w* = leg
tirnak\w* = nail
iki\w* de|her ikisi\w*|ikisi de = both
# people
annem\w*|anneme|annemin = my mother
babam\w* = my father
esim\w*|kocam\w* = my husband
karim\w* = my wife
oglum\w* = my son
kizim\w* = my daughter
kardesim\w*|abim\w*|ablam\w* = my sister
ninem\w*|babaannem\w*|anneannem\w* = my grandmother
o|onun = he
# glue
ama|fakat|ancak|lakin = but
disinda|haric = except
ve|ile|hem = and
veya|ya da = or
var|vardi = is
yok|yoktu|yoktur = no
cok|fazla|asiri = very
biraz|hafif|azicik = a bit
ben|benim|bende = i
eger|sayet = if
gun|gundur|gunu = days
hafta\w* = weeks
ay|aydir|aylar\w* = months
yil\w*|sene\w* = years
bir = 1
iki = 2
uc = 3
dort = 4
bes = 5
alti = 6
yedi = 7
sekiz = 8
birkac|bir kac = few
bitirdim|tamamladim|yaptim = done
iyi|iyiyim|her sey yolunda|sorun yok|hersey yolunda|her sey iyi = fine
tesekkurler|tesekkur ederim|sagol|sagolun = thanks
merhaba|selam|gunaydin =
oldu|oldular|olmus|olmuslar = went
oluyor|olmaya basladi|donuyor|donustu|kesildi = are going
"""

_TR_FAMILIES = r"""
(?:ne yapmaliyim|ne yapmam gerek\w*|ne yapayim|ne yaparim),?(?= |$) = what should i do
(?:\w+ )?(?:olursa|olsa|olursa ne olur|ederse|yaparsa|gelirse|kalirsa|morarirsa|kararirsa|sisese|siserse|sislerse|uyusursa|kizarirsa|agrirsa|olsaydi)\w* = what if
(?:ne olur|ne olacak)\b = what happens if
olur mu|olabilir mi|sebep olabilir mi|neden olabilir mi|yapar mi|yol acar mi = can it cause
normal mi = is it normal if
tehlikeli mi|kotu mu|ciddi mi = would it be bad if
bir gun|ileride = one day
simdilik|su an icin|simdiye kadar = for now
komsum\w*|komsumuz\w* = my neighbour
is arkadasim\w*|meslektasim\w* = my colleague
torunum\w* = my grandson
dedem\w* = my grandfather
arkadasim\w* = my friend
kayinvalidem\w*|kaynanam\w* = my mother-in-law
(?:annem|babam|esim|ninem|dedem|kocam|annemiz|babamiz)(?: adina| icin| yerine) (?:yaziyorum|yaziyoruz|mesaj atiyorum)|(?:onun|onun adina) (?:yerine|adina) yaziyorum = i am writing for my mother
(?:ben )?(?:onun|kendisinin) (?:kizi|oglu|torunu|bakicisi|hemsiresi|esi|gelini)(?:yim|im|um|yum)? = i am her carer
"""

_NL = r"""
# onset and time
plotseling|opeens|ineens|ineen keer|in een keer|plots|zomaar opeens|out of the blue = suddenly
sinds vanochtend|sinds vanmorgen|sinds het opstaan|vanaf vanochtend = since this morning
vanochtend|vanmorgen = this morning
sinds gisteren(?: avond)?|sinds gisteravond|sinds vannacht = since yesterday
(?:een|1|half) uur geleden|een uurtje geleden = an hour ago
(?:twee|drie|paar|enkele) uur geleden = hours ago
gisteren = yesterday
vannacht|gisteravond = last night
vandaag = today
nu|op dit moment = now
bij het wakker worden|wakker werd|werd wakker = woke up
(?:jaren|vele jaren|een paar jaar|jaar) geleden = years ago
vorig jaar|afgelopen jaar = last year
als kind|toen ik (?:klein|jong) was = as a child
vroeger|had ik vroeger|ik had vroeger = used to have
weer|opnieuw|alweer|terug = again
nog steeds|nog altijd|nog = still
(?:is |zijn )?(?:weg|verdwenen|voorbij)|is over = went away
doet geen pijn meer = it doesn't hurt any more
# movement and weakness
(?:kan|kon|kun|kunnen|konden) =
niet (?:meer )?(?:bewegen|optillen|tillen|buigen|heffen)\w* = can't move
(?:beweegt|bewegen) niet(?: meer)? = won't move
(?:ik )?voel niets(?: meer)?|(?:ik )?voel niks = can't feel anything
(?:ik )?voel (?:mijn |m'n |de |het )?(?:\w+ ){0,2}?niet(?: meer)? = can't feel my foot
(?:ik )?(?:heb )?geen gevoel(?: meer)?(?: in)? = i feel numb
doet geen pijn|doen geen pijn|doet niet meer zeer|geen pijn meer = doesn't hurt
(?:ik )?heb geen = i don't have
er is geen = there is no
geen (?:verbetering|vooruitgang|verandering)|niet beter|(?:nog )?hetzelfde|net als eerst|helpt niet|helpen niet = no improvement
geneest niet|heelt niet|sluit niet|gaat niet dicht = isn't healing
nu (?:niets|niks|niet meer|weg)|niet meer(?=\s*(?:[,.!]|$)) = none now
nee(?=\s*[,.!]) = no,
geen|nee = no
niet = not
niets|niks = nothing
noch = nor
zonder = without
verlamd\w*|verlamming = paralysed
zwak\w*|krachteloos|slap\w* = weak
bewegen = move
# stroke
(?:gezicht|mond|mondhoek)\w* (?:\w+ ){0,2}?(?:hangt|hangend\w*|scheef|zakt|afhangend\w*|verlamd\w*)|scheve mond|(?:hangende|scheve) (?:mondhoek|mond|gezicht) = my face is drooping
(?:praat|spreek|spreekt|praten) (?:\w+ )?(?:onduidelijk|raar|moeilijk|vreemd|brabbelend|dubbel|met dubbele tong)|(?:moeite|problemen) met (?:praten|spreken)|kan niet (?:meer )?(?:praten|spreken)|dubbele tong|brabbel\w*|spraakproblemen = i have trouble speaking
mond = mouth
gezicht = face
arm\w* = arm
hand|handen = hand
(?:een|de|mijn) (?:hele )?(?:linker|rechter)?\s?(?:kant|helft) van (?:mijn |het )?lichaam|lichaamshelft|halve lichaam = one side of my body
kant = side
rechts|rechter\w* = right
links|linker\w* = left
(?:zie|zag) (?:alles )?(?:dubbel|wazig|onscherp)|dubbel|dubbelzien|wazig zien|wazig\w*|onscherp = blurred vision
duizel\w*|draaierig = dizzy
zie|zag = i see
(?:verlies|verloor|verloren) (?:mijn )?evenwicht|evenwichtsproblemen|uit balans = lost my balance
# cauda equina
tussen (?:mijn |de )?benen|kruis|liezen|lies|geslachtsdelen|schaamstreek|billen|zitvlak = between my legs
(?:kan|kon) (?:niet|geen) (?:meer )?(?:plassen|urineren)|kan niet plassen|plassen lukt niet = can't urinate
incontinen\w*|(?:geen|verloren|verlies) controle over (?:mijn )?(?:blaas|plas|ontlasting|darmen)|in mijn broek geplast|broek nat = lost control of my bladder
blaas = bladder
# circulation
koud\w*|ijskoud\w*|ijzig\w* = cold
bleek|bleke|lijkbleek = pale
wit|witte|wit\w* = white
blauw\w*|paars\w*|blauwpaars\w* = blue
zwart\w*|zwartgekleurd = black
donker\w* = dark
(?:ziet er )?(?:dood|afgestorven) uit|lijkt dood|lijken dood = looks dead
dood|dode|afgestorven = dead
gangreen|necrose|koudvuur = gangrene
# infection
(?:de )?roodheid (?:\w+ )?(?:breidt (?:zich )?uit|verspreidt (?:zich)?|wordt groter|kruipt omhoog)|breidt (?:zich )?uit|verspreidt zich = redness spreading
rood|rode|roodheid|roder|rood\w* = red
heet|hete|warm aan|gloeit|gloeiend\w* = hot
gezwollen|opgezwollen|opgezet\w*|zwelling|dik|dikke|dik geworden = swollen
pus|etter\w* = pus
wond\w* = wound
(?:steeds )?groter|wordt groter = getting bigger
koorts\w* = fever
temperatuur = temperature
rilling\w*|koude rillingen|ril\w* = chills
verward\w*|in de war|gedesorienteerd = confused
ontstoken|ontsteking|geinfecteerd|infectie = infected
# diabetes
(?:ik ben |ben )?diabeet|(?:ik heb |heb )?(?:diabetes|suikerziekte|suiker)|suikerpatient = i am diabetic
(?:hij|zij|ze) (?:is diabeet|heeft diabetes|heeft suiker) = is diabetic
# skin
blaar|blaren|blaartje\w* = blister
snee|sneetje|gesneden = cut
kloven|kloof|barst\w*|gebarsten|scheur\w* = cracked skin
bloed\w* = bleeding
zweer\w*|ulcus = ulcer
eelt|likdoorn\w* = callus
# sensation and pain
tintel\w*|kriebel\w*|mieren\w* = tingling
gevoelloos|doof|dove|verdoofd|slaapt|slaapt (?:in|weg) = numb
brand\w* = burning
kramp\w* = cramp
(?:elektrische )?schok\w* = electric shocks
speldenprikken = pins and needles
(?:veel|erge|heel erge|hevige|ondraaglijke|vreselijke) pijn = severe pain
doet (?:\w+ )?pijn|doen (?:\w+ )?pijn|doet zeer|doen zeer = it hurts
pijn\w* = pain
beurs|gevoelig = sore
# exercise
oefening\w* = exercises
tijdens|bij het|wanneer ik|als ik = during
handdoek = towel
knikkers = marbles
erger|slechter|verergerd = worse
dan eerst|dan voorheen|dan gisteren|dan eerder = than before
# deformity
(?:schuift|kruipt|ligt|gaat) (?:over|onder) (?:de |het |mijn )?(?:andere|tenen|teen|grote teen) = crossing over
over elkaar = crossing over
kruist\w*|kruisen = crossing over
(?:krult|krullen|buigt|buigen|trekt|trekken) (?:\w+ )?(?:naar beneden|om|onder|krom) = curling under
klauwteen|klauwtenen|hamerteen|hamertenen = hammer toe
krom\w*|scheef = twisted
tweede = second
derde = third
vierde = fourth
vijfde = fifth
# body
voeten = feet
voet = foot
grote teen = big toe
kleine teen = little toe
tenen = toes
teen = toe
hiel|hielen|hak = heel
voetzool|zool|zolen = sole
enkel|enkels = ankle
beide benen|allebei mijn benen|beide voeten = both legs
benen = legs
been = leg
nagel\w*|teennagel\w* = nail
beide|allebei|alle twee = both
# people
(?:mijn )?(?:moeder|mama|ma) = my mother
(?:mijn )?(?:vader|papa|pa) = my father
(?:mijn )?man = my husband
(?:mijn )?vrouw = my wife
(?:mijn )?zoon = my son
(?:mijn )?dochter = my daughter
(?:mijn )?broer = my brother
(?:mijn )?zus|zuster = my sister
(?:mijn )?(?:oma|grootmoeder) = my grandmother
hij|zij|ze = he
# glue
maar|echter = but
behalve = except
en = and
of = or
met = with
in|op|aan = in
van = of
de|het|'t = the
een|'n = a
mijn|m'n = my
z'n = his
haar = her
ik = i
heb|hebben = have
heeft = has
is|zijn|ben = is
heel|erg|zeer = very
beetje|een beetje|wat|licht = a bit
veel = a lot
dat|die = that
wanneer|toen = when
als|indien = if
sinds|sedert = since
al|er|me|mij|zich|wel|toch|even|dus|ook =
dag|dagen = days
week|weken = weeks
maand|maanden = months
jaar|jaren = years
een = a
twee = 2
drie = 3
vier = 4
vijf = 5
zes = 6
zeven = 7
acht = 8
paar|enkele|een paar = few
klaar|gedaan|af = done
goed|prima|alles goed|gaat goed|alles ok = fine
dank je|dank u|bedankt|dankjewel|dankuwel = thanks
hallo|hoi|goedemorgen|goedendag =
"""

_NL_FAMILIES = r"""
wat (?:moet|kan|zou) ik (?:doen|moeten doen),? (?:als|wanneer|indien) = what should i do if
wat (?:gebeurt er|als|gebeurt),? (?:als|wanneer)? = what happens if
en als|wat als|stel dat|stel je voor dat = what if
voor het geval dat|in geval van|mocht\w* = in case
(?:is het|is dat) normaal,? (?:als|wanneer|dat) = is it normal if
(?:is het|is dat) (?:erg|gevaarlijk|slecht|zorgwekkend),? (?:als|wanneer|dat) = would it be bad if
(?:kan|kunnen|zou|zouden)(?=(?: \w+){1,6} (?:veroorzaken|geven|leiden tot)) = can it cause
veroorzaken =
ooit|op een dag|later = one day
voorlopig|op dit moment|tot nu toe|momenteel = for now
(?:mijn |de |onze )?buurvrouw\w*|(?:mijn |de |onze )?buurman\w*|(?:mijn )?buren = my neighbour
(?:mijn |de )?(?:collega\w*) = my colleague
(?:mijn |de )?(?:kleinzoon|kleindochter|kleinkind\w*) = my grandson
(?:mijn |de )?(?:opa|grootvader) = my grandfather
(?:mijn |de )?(?:vriend\w*|vriendin\w*) = my friend
(?:mijn |de )?(?:schoonmoeder|schoonvader) = my mother-in-law
(?:ik )?(?:schrijf|typ|stuur dit|app) (?:\w+ )?(?:namens|voor|in plaats van) (?:mijn \w+|haar|hem|de patient) = i am writing for my mother
(?:ik ben|hier is|dit is) (?:haar|zijn|de) (?:dochter|zoon|kleinzoon|kleindochter|verzorger\w*|mantelzorger\w*|man|vrouw|schoondochter|verpleegkundige) = i am her carer
(?:wordt|worden|werd|werden)(?: steeds| langzaam| helemaal)? = go
(?:is|zijn) geworden|geworden|verkleurd|verkleuren|kleurt|kleuren = went
"""


# A denial after the symptom ends there: punctuation, the end, or "and", "but", "nor".
_AFTER_DENIAL: Final = (
    "y|e|et|und|aber|mais|pero|mas|but|and|но|и|а|aur|lekin|par|magar|at|kaso|w|wa|we|bas|bass|"
    "ni|nem|nor|noch|auch|tampoco|aussi|sondern|doch|sauf|ausser|и|ни|тоже|также|bhi|din|rin|"
    "و|بس|لكن|और|लेकिन|पर|भी"
)


def _negated_after(nouns: dict[str, str], negations: str, tail: str, after: str = "") -> str:
    """Hindi, Russian and Turkish put the negation after the symptom ("dard nahi hai", "боли
    нет", "ağrı yok"); the English rules read it before ("no pain"), so these pairs are
    rewritten whole."""
    ends = f"{_AFTER_DENIAL}|{after}" if after else _AFTER_DENIAL
    return "\n".join(
        f"(?:{word}) (?:{negations})(?: (?:{tail}))?(?=\\s*(?:[,.;!?)]|$)|\\s+(?:{ends})(?!\\w)) = no {english};"
        for word, english in nouns.items()
    )


_HI_NOUNS: Final = {
    "dard|dardd": "pain",
    "sunnpan|sunapan|sunn|sun": "numbness",
    "jhunjhun\\w*|jhanjhan\\w*|chunchun\\w*": "tingling",
    "jalan": "burning",
    "soojan|sujan|soozan|sujaan": "swelling",
    "bukhar|bukhaar": "fever",
    "khoon|khun": "bleeding",
    "chhala|chhale|chala": "blister",
    "ghaav|ghav|zakhm": "wound",
    "kamzori": "weakness",
    "lali|laali": "redness",
    "दर्द": "pain",
    "सुन्नपन|सुन्न": "numbness",
    "झुनझुनी|झनझनाहट": "tingling",
    "जलन": "burning",
    "सूजन": "swelling",
    "बुखार": "fever",
    "कमज़ोरी|कमजोरी": "weakness",
}
_RU_NOUNS: Final = {
    "боли|боль": "pain",
    "онемения|онемение": "numbness",
    "покалывания|покалывание": "tingling",
    "жжения|жжение": "burning",
    "отека|отёка|отек|отёк|опухоли": "swelling",
    "температуры": "fever",
    "красноты|покраснения": "redness",
    "слабости": "weakness",
}


def _denied_after(nouns: dict[str, str], tail: str, after: str = "") -> str:
    """A symptom denied after it is named ("Fieber habe ich keins", "fièvre, non", "febre não
    tenho", "lagnat wala", "7arara ma fi"): the English rules read "no fever" before it."""
    ends = f"{_AFTER_DENIAL}|{after}" if after else _AFTER_DENIAL
    return "\n".join(
        f"(?:{word})\\s*[,:]?\\s*(?:{tail})(?=\\s*(?:[,.;!?)]|$)|\\s+(?:{ends})(?!\\w)) = no {english};"
        for word, english in nouns.items()
    )


# Families every language needs, beyond the symptom words: questions about what could happen
# ("what if"), someone else's body ("my neighbour's foot") and someone writing for the patient
# ("I'm writing for my mother"), a symptom denied after it is named, verbs of change ("my toes
# are going blue"). The English side is the wording ``bot.domain.triage.engine`` already knows.
_ES_FAMILIES = r"""
# hypothetical and questions
(?:que|y que) (?:hago|haria|debo hacer|tengo que hacer|hay que hacer|deberia hacer|se hace|puedo hacer),? (?:si|cuando|en caso de que) = what should i do if
(?:que|y que) (?:pasa|pasaria|ocurre|ocurriria|sucede|sucederia),? (?:si|cuando) = what happens if
y si = what if
en caso de que|en caso de|por si acaso|por si = in case
(?:es|seria) normal (?:si|cuando) = is it normal if
(?:es|seria) normal que = is it normal that
(?:es|seria) (?:malo|grave|peligroso|preocupante) (?:si|que) = would it be bad if
(?:pued\w*|podri\w*) (?:causar|provocar|dar|producir|generar) = can it cause
(?:algun|un) dia = one day
por ahora|de momento|por el momento|ahora mismo = for now
# people
(?:de |a )?mi vecin[oa]s? = my neighbour
(?:de |a )?mi (?:compa[ñn]er[oa]|colega) de trabajo|(?:de |a )?mi colega = my colleague
(?:de |a )?mi niet[oa] = my grandson
(?:de |a )?mi abuelo = my grandfather
(?:de |a )?mi hijo = my son
(?:de |a )?mi hija = my daughter
(?:de |a )?mi (?:cuidador|cuidadora) = my carer (someone else)
(?:de |a )?mi amig[oa] = my friend
(?:de |a )?mi suegr[oa] = my mother-in-law
(?:le |les |te )?(?:escribo|estoy escribiendo|escribimos) (?:por|para|de parte de|en nombre de) (?:mi \w+|ella|el|el paciente|la paciente) = i am writing for my mother
(?:soy|habla|escribe) (?:su|el|la) (?:cuidador\w*|hij[oa]|niet[oa]|espos[oa]|marido|mujer|enfermer\w*|nuera|yerno) = i am her carer
(?:le )?ayudo (?:a mi \w+ )?con el (?:movil|celular|telefono|chat) = i help her with the phone
# change
se (?:me |le |te )?(?:pone|ponen|vuelve|vuelven|torna|tornan) = go
se (?:me |le |te )?(?:puso|pusieron|volvio|volvieron|torno|tornaron|ha puesto|han puesto) = went
(?:se )?(?:me |le )?(?:esta|estan) (?:poniendo|volviendo|tornando) = are going
ponerse|volverse = go
quedo|quedaron = went
# can't move
no (?:lo|la|los|las|me|le) (?:puedo|pude|logro|consigo|podia) (?:mover|menear)\w* = can't move
no (?:se|me|le) (?:mueven?|movia|movian) (?:nada|para nada|ni un poco) = won't move
"""

_PT_FAMILIES = r"""
(?:o que|que) (?:eu )?(?:faco|faria|devo fazer|tenho que fazer|fazer|se faz|posso fazer),? (?:se|caso|quando) = what should i do if
(?:o que|que) (?:acontece|aconteceria|pode acontecer),? (?:se|caso|quando) = what happens if
e se = what if
(?:no |em )?caso (?:de|d[aoe]|que)?|se por acaso = in case
(?:e|eh|seria) normal (?:se|quando) = is it normal if
(?:e|eh|seria) normal (?:que|sentir|ter) = is it normal that
(?:e|eh|seria) (?:ruim|grave|perigoso|mau|preocupante) (?:se|que) = would it be bad if
(?:pode\w*|poderi\w*) (?:causar|provocar|dar|trazer) = can it cause
(?:um|algum) dia = one day
por enquanto|por agora|no momento|ate agora = for now
(?:d[ao] |minha |meu |da minha |do meu )?vizinh[oa]s? = my neighbour
(?:d[ao] |minha |meu |da minha |do meu )?(?:colega|colega de trabalho) = my colleague
(?:d[ao] |minha |meu |da minha |do meu )?net[oa] = my grandson
(?:d[ao] |meu |do meu )?avo(?= |$) = my grandfather
(?:do |meu |do meu )?filho = my son
(?:da |minha |da minha )?filha = my daughter
(?:d[ao] |minha |meu |da minha |do meu )?(?:cuidador|cuidadora) = my carer (someone else)
(?:d[ao] |minha |meu |da minha |do meu )?amig[oa] = my friend
(?:d[ao] |minha |meu |da minha |do meu )?sogr[oa] = my mother-in-law
dele = his
dela = her
(?:estou )?(?:escrevo|escrevendo|mandando|falando) (?:por|pela|pelo|para|em nome d\w+|no lugar d\w+) (?:minha \w+|meu \w+|ela|ele|\w+) = i am writing for my mother
(?:sou|aqui e|aqui quem fala e) (?:o |a )?(?:cuidador\w*|filh[oa]|net[oa]|esposa|marido|enfermeir\w*|nora|genro)(?: d\w+)? = i am her carer
ajudo (?:\w+ )?com o (?:celular|telefone|chat) = i help her with the phone
(?:esta |estao )?(?:ficando|virando|tornando-se) = going
(?:ficou|ficaram|virou|viraram|tornou-se|tornaram-se|se tornou) = went
(?:fica|ficam|vira|viram|ficar|virar) = go
inchar\w*|incham|inchou = swollen
nao (?:o |a |os |as |me )?(?:consigo|consegui|posso|conseguia) (?:mais )?(?:mexer|mover|movimentar)\w* = can't move
"""

_FR_FAMILIES = r"""
que (?:dois-je|dois je|faut-il|faut il|je dois|devrais-je|devrais je|est-ce que je dois|est-ce que je fais|je fais|fait-on|faire)(?: faire)? (?:si|quand|au cas ou) = what should i do if
qu'est-ce que je (?:dois )?fais?(?: faire)? (?:si|quand) = what should i do if
que faire (?:si|quand|au cas ou|en cas de) = what should i do if
(?:qu'est-ce qui se passe|que se passe-t-il|que se passerait-il|qu'est-ce qui se passerait|qu'arrive-t-il) (?:si|quand) = what happens if
et si = what if
au cas ou|en cas de|dans le cas ou = in case
(?:est-ce|c'est|est ce|ce serait|serait-ce)(?: que c'est)? normal (?:si|quand) = is it normal if
(?:est-ce|c'est|est ce)(?: que c'est)? normal (?:que|d'avoir|de) = is it normal that
(?:est-ce|c'est|est ce|ce serait|serait-ce)(?: que c'est)? (?:grave|dangereux|mauvais|inquietant) (?:si|que) = would it be bad if
(?:peu\w*|pourrai\w*)(?:-ils|-elles|-il|-elle| ils| elles| il| elle)? (?:causer|provoquer|donner|entrainer) = can it cause
si(?=\s*[,.!]) = yes
si = if
un jour = one day
pour l'instant|pour le moment|pour l'heure|en ce moment = for now
(?:de |a )?(?:ma |mon )?voisin\w* = my neighbour
(?:de |a )?(?:ma |mon )?collegue\w* = my colleague
(?:de |a )?(?:ma |mon )?petit-fils|(?:de |a )?(?:ma )?petite-fille|(?:mon )?petit fils|(?:ma )?petite fille = my grandson
(?:de |a )?(?:mon )?(?:grand-pere|papi|papy) = my grandfather
(?:de |a )?mon fils = my son
(?:de |a )?ma fille = my daughter
(?:de |a )?(?:mon |ma )?(?:aidant\w*|aide-soignant\w*|auxiliaire de vie) = my carer (someone else)
(?:de |a )?(?:mon |ma )?(?:ami\w*|copain|copine) = my friend
(?:j'ecris|je vous ecris|j'envoie ce message|je reponds|j'ecris ce message) (?:pour|de la part de|au nom de|a la place de) (?:ma \w+|mon \w+|elle|lui) = i am writing for my mother
(?:je suis|c'est) (?:son|sa) (?:fils|fille|aidant\w*|infirmier\w*|infirmiere|petit-fils|petite-fille|mari|femme|belle-fille|gendre|aide-soignant\w*) = i am her carer
(?:devien\w*|devenu\w*|devenir|tourne\w* au|vire\w* au) = go
(?:est |sont )?(?:devenu\w*) = went
(?:je )?(?:ne|n') ?(?:arrive|parviens) (?:plus|pas) (?:a )?(?:le |la |les )?(?:bouger|remuer|lever)\w* = can't move
(?:je )?(?:ne|n') ?(?:peux|peut|pouvais) (?:plus|pas) (?:le |la |les )(?:bouger|remuer|lever)\w* = can't move
(?:je )?ne (?:le |la |les )(?:peux|peut|pouvais) (?:plus|pas) (?:bouger|remuer|lever)\w* = can't move
"""

_DE_FAMILIES = r"""
was (?:soll|muss|sollte|kann) ich (?:tun|machen),? (?:wenn|falls) = what should i do if
was (?:mache|tue) ich,? (?:wenn|falls) = what should i do if
was (?:passiert|ist|ware|geschieht|passiert dann),? (?:wenn|falls) = what happens if
was wenn|was falls|und wenn|und falls = what if
falls|im falle,? dass|im fall,? dass|fur den fall,? dass|fur den fall = in case
(?:ist es|ist das|ware es|ware das) (?:normal|okay|ok),? (?:wenn|falls) = is it normal if
(?:ist es|ist das|ware es|ware das) normal,? dass = is it normal that
(?:ist es|ist das|ware es|ware das) (?:schlimm|gefahrlich|schlecht|bedenklich),? (?:wenn|falls|dass) = would it be bad if
(?:kann|konnen|konnte|konnten)(?=(?: \w+){1,8} (?:verursachen|auslosen|hervorrufen|bewirken|fuhren)) = can it cause
verursachen|auslosen|hervorrufen|bewirken =
eines tages|irgendwann = one day
im moment|momentan|derzeit|bis jetzt|aktuell = for now
mache|machen|mach = do
(?:meine\w* |die |der |unsere\w* )?nachbar\w* = my neighbour
(?:meine\w* |die |der )?(?:kollege\w*|kollegin\w*|arbeitskolleg\w*) = my colleague
(?:meine\w* |der |die )?(?:enkel\w*) = my grandson
(?:meine\w* |der )?(?:opa|grossvater\w*) = my grandfather
(?:meine\w* |der )?sohn\w* = my son
(?:meine\w* |die )?tochter = my daughter
(?:meine\w* |der |die )?(?:pfleger\w*|pflegerin\w*|betreuer\w*|betreuerin\w*|pflegekraft) = my carer (someone else)
(?:meine\w* |der |die )?(?:freund\w*|bekannt\w*) = my friend
(?:ich )?(?:schreibe|schreib|tippe) (?:hier )?(?:fur|im namen von|im auftrag von|statt) (?:meine\w* \w+|sie|ihn|den patienten|die patientin) = i am writing for my mother
(?:ich bin|hier ist|hier schreibt) (?:ihr|sein|seine|ihre|der|die) (?:pfleger\w*|sohn|tochter|enkel\w*|betreuer\w*|mann|frau|schwiegertochter|pflegekraft) = i am her carer
(?:wird|werden|wurde|wurden)(?: immer| langsam| ganz)? = go
geworden|verfarbt|verfarben|verfarbt sich|verfarben sich|lauft .{0,3}an|laufen .{0,3}an = went
"""

_RU_FAMILIES = r"""
что (?:мне )?(?:делать|сделать|предпринять),? (?:если|когда|в случае) = what should i do if
что (?:будет|случится|произойдет|произойдёт|бывает),? (?:если|когда) = what happens if
а (?:что )?если|что если|а вдруг = what if
на (?:тот )?случай,? (?:если|когда)|в случае,? если|в случае = in case
(?:это )?нормально,? (?:ли,? )?(?:если|когда) = is it normal if
(?:это )?нормально,? (?:ли,? )?что = is it normal that
(?:это )?(?:плохо|опасно|страшно|серьезно|серьёзно),? (?:если|когда) = would it be bad if
(?:может|могут|можно)(?: ли)?(?=(?: \w+){0,4} (?:вызвать|вызывать|привести|спровоцировать|давать|дать)) = can it cause
вызвать|вызывать|привести к|спровоцировать =
если = if
однажды|когда-нибудь|в один день = one day
пока что|пока|на данный момент = for now
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего |наш\w* )?сосед\w* = the neighbour
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего )?(?:коллег\w*|сослуживц\w*) = the colleague
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего )?(?:внук\w*|внучк\w*) = the grandson
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего )?(?:дедушк\w*|дед|деда|деду) = the grandfather
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего )?сын\w* = the son
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего )?(?:доч\w*|дочер\w*) = the daughter
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего )?(?:сиделк\w*|опекун\w*) = my carer (someone else)
(?:у |моей |мою |моя |моему |моего |мой |у моей |у моего )?(?:друг|друга|другу|подруг\w*|знаком\w*) = the friend
(?:я )?(?:пишу|пишем|отвечаю) (?:за|вместо|от имени|по просьбе|для) (?:\w+ )?(?:мам\w*|пап\w*|муж\w*|жен\w*|бабушк\w*|дедушк\w*|отц\w*|матер\w*|сын\w*|доч\w*|нее|неё|него|пациент\w*) = i am writing for my mother
(?:я|это) (?:его|её|ее) (?:сын|дочь|сиделка|сиделк\w*|внук|внучка|жена|муж|опекун) = i am her carer
я ухаживаю за \w+ = i am her carer
(?:стал|стала|стало|стали|становится|становятся|становиться|делается|делаются|сделался|сделалась|сделались) = went
"""

_HI_FAMILIES = r"""
(?:agar|agr|yadi|jab) (?=.{0,80}?(?:kya karu|kya karun|kya karna|kya kare|kya kiya jaye)) = what should i do if
kya hoga (?:agar|agr|jab)|(?:agar|agr) (?=.{0,80}?(?:to kya|toh kya)) = what if
kya karu|kya karun|kya karna chahiye|kya karna hai|kya kare|kya kiya jaye = what should i do
to kya hoga|toh kya hoga|to kya|toh kya = ?
agar|agr|yadi|jo kabhi = if
kya (?:yeh|ye|ye to|yeh to)? ?normal hai (?:agar|jab|ki)? = is it normal if
kya(?=(?: \w+){1,6} (?:ho sakt\w*|de sakt\w*|hota hai\s*\?|hoti hai\s*\?)) = can it cause
sakta|sakti|sakte =
kabhi|ek din|kisi din = one day
abhi ke liye|filhal|abhi tak to|abhi to = for now
(?:mere |meri |hamare |hamari )?(?:padosi|padosan|padoshi|padosi aunty|padosi uncle) = my neighbour
(?:mere |meri )?(?:colleague|sahkarmi|office wale|office wali) = my colleague
(?:mere |meri )?(?:pota|poti|nati|natin|naati|grandson|granddaughter) = my grandson
(?:mere |meri )?(?:beta|bete) = my son
(?:meri )?beti = my daughter
(?:mere |meri )?(?:caretaker|care taker|dekhbhal karne wal\w*|nurse) = my carer (someone else)
(?:mera |mere |meri )?(?:dost|saheli) = my friend
uska|uske|unka|unke = his
uski|unki = her
(?:main |mai |me )?(?:apni |apne |meri |mere )?(?:maa|mummy|mummi|mom|papa|pitaji|pati|patni|dadi|nani|dada|nana|sasur|saas|bhai|behen)(?:ji)? (?:ki|ke) (?:taraf se|liye|badle|jagah) (?:likh|message|msg|type|baat)\w*(?: (?:raha|rahi|rahe) (?:hu|hoon|hun|hai))? = i am writing for my mother
(?:main |mai |me )?(?:unka|unki|inka|inki|uska|uski|unke|inke) (?:beta|beti|bahu|pota|poti|caretaker|dekhbhal karne wal\w*|pati|patni|nurse)(?: hoon| hu| hun)? = i am her carer
(?:neela|neeli|neele|nila|nili|nile) (?:pad|ho|hone) ?(?:gaya|gayi|gaye|raha|rahi|rahe|lage|laga|lagi|jata|jati|jate) = went blue
(?:kaala|kaali|kaale|kala|kali|kale) (?:pad|ho|hone) ?(?:gaya|gayi|gaye|raha|rahi|rahe|lage|laga|lagi|jata|jati|jate) = went black
(?:peela|peeli|peele|pila|pili|safed|safaid) (?:pad|ho|hone) ?(?:gaya|gayi|gaye|raha|rahi|rahe|lage|laga|lagi|jata|jati|jate) = went pale
(?:laal|lal) (?:pad|ho|hone) ?(?:gaya|gayi|gaye|raha|rahi|rahe|lage|laga|lagi|jata|jati|jate) = went red
(?:thanda|thandi|thande) (?:pad|ho|hone) ?(?:gaya|gayi|gaye|raha|rahi|rahe|lage|laga|lagi|jata|jati|jate) = went cold
(?:hil|hila|hilaa|hilaana|hilana) (?:hi |bhi )?(?:nahi|nahin|nhi|nai) (?:pa |paa )?(?:raha|rahi|rahe|sakta|sakti|sakte|pata|pati|pate|pa rahi|pa raha|pa rahe)?|(?:hil|hila) (?:hi )?(?:nahi|nhi) (?:pa )?(?:rahi|raha)|hilna band\w* = can't move
अगर|यदि = if
क्या होगा अगर = what if
क्या करूँ|क्या करूं|क्या करना चाहिए|क्या करें = what should i do
(?:मेरे |मेरी )?(?:पड़ोसी|पड़ोसन|पडोसी|पडोसन) = my neighbour
(?:मेरे |मेरी )?(?:पोता|पोती|नाती|नातिन) = my grandson
(?:मेरा |मेरे )?बेटा = my son
(?:मेरी )?बेटी = my daughter
उसका|उसके|उनका|उनके = his
उसकी|उनकी = her
(?:मैं )?(?:अपनी |अपने )?(?:माँ|मां|मम्मी|पापा|पिताजी|पति|पत्नी|दादी|नानी|दादा|नाना) (?:की|के) (?:तरफ से|तरफ़ से|लिए) (?:लिख|मैसेज)\w*(?: (?:रहा|रही) (?:हूँ|हूं))? = i am writing for my mother
(?:मैं )?(?:उनका|उनकी|उसका|उसकी) (?:बेटा|बेटी|बहू|पोता|पोती)(?: हूँ| हूं)? = i am her carer
(?:नीला|नीली|नीले) (?:पड़|हो) (?:गया|गई|गयी|गए|रहा|रही|रहे) = went blue
(?:काला|काली|काले) (?:पड़|हो) (?:गया|गई|गयी|गए|रहा|रही|रहे) = went black
"""

_TL_FAMILIES = r"""
ano (?:po )?(?:ang )?(?:dapat|gagawin|pwede|puwede)(?: kong| ko| kung)?(?: po)?(?: gawin)?(?: ko)? (?:po )?(?:kung|kapag|pag) = what should i do if
(?:paano|pano|pa'no|eh paano|e paano) (?:po )?kung|eh kung|e kung = what if
(?:ano|anong) (?:po )?(?:mangyayari|nangyayari) (?:po )?(?:kung|kapag|pag) = what happens if
kung sakali(?:ng)?|sakali(?:ng)?|in case = in case
normal (?:lang )?(?:po )?ba (?:kung|kapag|pag) = is it normal if
normal (?:lang )?(?:po )?ba (?:na|yung) = is it normal that
masama (?:po )?ba (?:kung|kapag|pag) = would it be bad if
(?:pwede|puwede|maaari|posible)(?:ng)? (?:po )?(?:ba )?(?:magdulot|magcause|mag-cause|maging sanhi|magbigay) (?:ng )? = can it cause
(?:nagdudulot|nagca-cause|nagcacause|nakakapagdulot) (?:po )?ba (?:ng )? = can it cause
kung = if
balang araw|isang araw = one day
sa ngayon|ngayon naman = for now
parang|tila|mukhang = like
(?:ng |sa |ang |si )?(?:aking |yung |ang )?(?:kapitbahay) (?:ko|namin)|(?:kapitbahay) = my neighbour
(?:ng |sa |ang )?(?:katrabaho|kasamahan sa trabaho|officemate|ka-opisina)(?: ko)? = my colleague
(?:ng |sa |ang )?apo(?: ko)? = my grandson
(?:ng |sa |ang )?anak (?:kong|ko na) lalaki|(?:ng |sa |ang )?anak kong lalake = my son
(?:ng |sa |ang )?anak (?:kong|ko na) babae = my daughter
(?:ng |sa |ang )?(?:ate|kuya)(?: ko)? = my sister
(?:ng |sa |ang )?(?:tagapag-alaga|tagapangalaga|caregiver|yaya|alalay)(?: ko)? = my carer (someone else)
(?:ng |sa |ang )?(?:kaibigan|barkada|amiga|amigo)(?: ko)? = my friend
kanyang|kaniyang|niya|nya = his
(?:ako (?:po )?(?:ay )?)?(?:nagte-text|nagtetext|nagsusulat|nagmemessage|nagme-message|sumusulat|nagcha-chat|nagchachat|nagtatype|sumasagot) (?:po )?(?:ako )?(?:para|para kay|para sa|bilang|sa ngalan ng|para po sa|para po kay) (?:\w+ )?(?:nanay|tatay|lola|lolo|asawa|mama|papa|inay|itay|nanang|tatang|kanya|kaniya|pasyente)\w*(?: ko)? = i am writing for my mother
ako (?:po )?(?:ay )?(?:ang )?(?:anak|apo|caregiver|tagapag-alaga|tagapangalaga|asawa|manugang|nurse) (?:po )?(?:niya|nya|ni \w+|ng pasyente) = i am her carer
(?:naging|nagiging|nag-iba ang kulay|nagkulay|nagbago ang kulay|nagiging kulay|naging kulay) = went
(?:hindi|di) (?:ko |na |po |pa |ko na |na ko |ko po |po ko |ko pa |ko na po )?(?:ma(?:-| )?i?galaw|ma(?:-| )?i?kilos|maigala|magalaw|maigalaw)\w* = can't move
(?:hindi|di) (?:na )?(?:po )?(?:gumagalaw|makagalaw|kumikilos|makakilos)\w* = won't move
(?:hindi|di) (?:ko |na |po |ko na )?(?:maramdaman|maramdam|ramdam)\w* = can't feel
"""

_AR_FAMILIES = r"""
(?:shu|sho|shou|chou|ish|eish|esh) (?:lazem |lazim |bado |badi |mafroud |2a3mel |a3mel |ba3mel |b3mel |bsawi |sawi |na3mel |n3mel )+(?:a3mel |3mel |sawi )?(?:iza|eza|law|lau|izza|lamma) = what should i do if
(?:shu|sho|shou|chou|ish) (?:bisir|bysir|byesir|bi9ir|byseer|bisseer|ra7 ysir|rah ysir|byi7sal|bi7sal) (?:iza|eza|law|lau|lamma) = what happens if
(?:tayyeb|tab|tabb|tb|w) (?:iza|eza|law) = what if
(?:fi|fe|bi|b) 7al|7al (?:iza|eza) = in case
(?:tabi3i|tabee3i|normal|3adi|3adee) (?:iza|eza|law|lamma) = is it normal if
(?:7elo|mni7|sayye2|khatar|5atar|5a6ar|mish mni7|msh mni7|bkhawef|mkhife) (?:iza|eza|law) = would it be bad if
(?:momken|mumken|mumkin|momkin|bi2adder|by2adder)(?=(?: \w+){0,4} (?:tsabbeb|ysabbeb|tsabeb|ysabeb|t3mel|ta3mel|ya3mel|y3mel|tjib|yjib)) = can it cause
tsabbeb|ysabbeb|tsabeb|ysabeb =
iza|eza|law|lau|izza|ezza = if
(?:shi|chi) (?:yom|youm|nhar)|yom ma|ba3den|ba3dein = one day
(?:hala2|halla2|hal2|hala) (?:kello|kollo|kolo|kil shi|kel shi) (?:tamam|mni7|mnee7|kwayes|kwayyes|mabsout) = for now all fine
(?:jarti|jaarti|jari|jaari|jaret|jar|jiranna|jirani) = my neighbour
(?:zmili|zamili|zmilti|zamilti|zmeli|zmelti|zameelti) = my colleague
(?:7afidi|hafidi|7afidti|7afeedi|7afeedti) = my grandson
(?:jeddi|jiddi|jaddi|seedi|sido|jedo|jiddo|jeddo) = my grandfather
(?:ibni|ebni|2ebni|2ibni) = my son
(?:binti|benti|bnti) = my daughter
(?:sa7bi|sahbi|sadi2i|sa7bti|rfi2i|sa7ebti|rfi2ti|sadi2ti|rfee2i|rfee2ti) = my friend
(?:rijla|rejla|ijra|ejra|2ijra|2ejra|2adama|rijleha|rejleha) = her foot
(?:rijlo|rejlo|ijro|ejro|2ijro|2ejro|2adamo|rijleh|rejleh) = his foot
(?:sawabe3ha|asabe3ha|swab3a|sawab3a) = her toes
(?:sawabe3o|asabe3o|swab3o|sawab3o) = his toes
(?:ana |3am |bektob |b2ol )?(?:bekteb|bktob|bektob|bktb|3am ekteb|3am ektob|3am b2ollak|b2ol|bas2al|3am es2al|bas2al) (?:3an|3an lisan|bel niyabe 3an|b2esm|la|3ashan|mshan|3ala lsan) (?:\w+ )?(?:ommi|omi|ummi|mama|mamti|abi|baba|bayi|zawji|zawjti|teta|sitti|jeddi|jiddi|sido|ha|o|ah)\w* = i am writing for my mother
ana (?:ibna|ibnha|ebnha|bintha|bentha|binta|ibno|ebno|binto|bento|mrato|zawja|zawjha|jozha|7afidha|7afido|mmarrdta|mmarrdto|mmarreda|mmarred)\w* = i am her carer
(?:3am ysir|3am tsir|3am ysiro|3am yseer|3am tseer|bisir|btsir|3am yet7awwal|3am tet7awwal|3am ytla3|3am yiswadd|3am yizra2) = going
(?:sar|sarat|saret|sarit|saru|saro|t7awwal|t7awwalet|et7awwal) (?:lawno|lawna|lawnon|lono|lona|loun|lon|el lon) = went
(?:ma|mish|msh|mosh|mesh|mush) (?:3am |3m )?(?:ba2dar|b2dar|2dert|2dr|ba2der|a2dar|2ader|2adra|2adir|bi2dar|be2dar|a2der|2der|2adar|2adre) (?:\w+ )?(?:(?:a|e|i)?7arr?(?:e|i|a)?k\w*|(?:a|e|i)?7arrek\w*) = can't move
(?:ma|mish|msh|mosh|mesh|mush) (?:3am |3m )?(?:t7arrak|yt7arrak|3am tet7arrak|3am yet7arrak|bet7arrak|btet7arrak|bit7arrak)\w* = won't move
(?:شو|ايش|وش) (?:لازم |بدي |مفروض )?(?:اعمل|بعمل|اسوي|نعمل) (?:اذا|لو|لما) = what should i do if
(?:شو|ايش|ماذا) (?:بيصير|بصير|يحدث|رح يصير|بيحصل|يصير) (?:اذا|لو|لما) = what happens if
(?:طيب|وطيب) (?:اذا|لو) = what if
في حال|بحال = in case
(?:طبيعي|عادي) (?:اذا|لو|لما) = is it normal if
(?:ممكن|هل يمكن|يمكن)(?=(?: \w+){0,4} (?:تسبب|يسبب|تعمل|يعمل)) = can it cause
تسبب|يسبب =
اذا|لو = if
يوم من الايام|في يوم|يوما ما = one day
جارتي|جاري|جيراني = my neighbour
زميلي|زميلتي = my colleague
حفيدي|حفيدتي = my grandson
جدي|سيدي = my grandfather
ابني = my son
بنتي = my daughter
رجلها|قدمها|اجرها = her foot
رجله|قدمه|اجره = his foot
(?:انا )?(?:بكتب|اكتب|عم اكتب|اكتب لك|بسال|عم اسال) (?:عن|بالنيابه عن|نيابه عن|بدل|مشان|عشان) (?:\w+ )?(?:امي|ماما|ابي|بابا|ابوي|زوجي|زوجتي|جدتي|ستي|جدي|والدتي|والدي|ها|ه)\w* = i am writing for my mother
انا (?:ابنها|بنتها|ابنه|بنته|زوجته|مرته|زوجها|حفيدها|حفيده|ممرضته|ممرضها)\w* = i am her carer
(?:صار|صارت|تحول|تحولت|اصبح|اصبحت) (?:لونه|لونها|لون|لونهم)|(?:عم يصير|عم تصير|بيصير|بتصير) = went
(?:ما|مش|لا|مو) (?:عم )?(?:بقدر|اقدر|قادر|قادره|استطيع|فيني) (?:\w+ )?(?:احرك|حرك|تحريك|احركه|احركها|اتحرك|حركه|حركها)\w* = can't move
"""

_NEG_NOUNS: Final[dict[str, dict[str, str]]] = {
    "it": {
        "(?:la )?febbre": "fever",
        "(?:il )?dolor[ei]|(?:i )?dolori": "pain",
        "(?:il )?formicolio": "tingling",
        "intorpidimento|torpore|insensibilita": "numbness",
        "(?:il )?gonfiore": "swelling",
        "(?:il )?rossore|arrossamento": "redness",
        "(?:i )?brividi": "chills",
    },
    "pl": {
        "goraczk\\w*": "fever",
        "bol|bolu|bole|bolow": "pain",
        "mrowieni\\w*": "tingling",
        "dretwieni\\w*|zdretwieni\\w*": "numbness",
        "obrzek\\w*|opuchlizn\\w*|opuchniec\\w*": "swelling",
        "zaczerwienieni\\w*": "redness",
        "dreszcz\\w*": "chills",
    },
    "tr": {
        "ates\\w*": "fever",
        "agri\\w*|aci\\w*|sizi\\w*": "pain",
        "uyusma\\w*|uyusukluk\\w*|hissizlik": "numbness",
        "karincalanma\\w*": "tingling",
        "sislik\\w*|sisme\\w*|odem\\w*": "swelling",
        "kizariklik\\w*|kirmizilik\\w*": "redness",
        "titreme\\w*": "chills",
        "yara\\w*": "wound",
        "kanama\\w*": "bleeding",
        "yanma\\w*": "burning",
    },
    "nl": {
        "koorts": "fever",
        "pijn": "pain",
        "tintelingen|tinteling|tintelen": "tingling",
        "gevoelloosheid|doof gevoel": "numbness",
        "zwelling": "swelling",
        "roodheid": "redness",
        "rillingen|koude rillingen": "chills",
    },
    "es": {
        "fiebre|calentura": "fever",
        "dolor(?:es)?": "pain",
        "hormigueo": "tingling",
        "entumecimiento|adormecimiento": "numbness",
        "hinchazon|inflamacion": "swelling",
        "enrojecimiento|rojez": "redness",
        "escalofrios?": "chills",
    },
    "pt": {
        "febre": "fever",
        "dor(?:es)?": "pain",
        "formigamento": "tingling",
        "dormencia|dormente": "numbness",
        "inchaco": "swelling",
        "vermelhidao": "redness",
        "calafrios?": "chills",
    },
    "fr": {
        "(?:de la |la )?fievre": "fever",
        "(?:des |la |les |de )?douleurs?": "pain",
        "(?:des |les )?fourmillements?": "tingling",
        "(?:des |l')?engourdissements?": "numbness",
        "(?:de |le )?gonflement|(?:l')?enflure": "swelling",
        "(?:la |les |des )?rougeurs?": "redness",
        "(?:des )?frissons": "chills",
    },
    "de": {
        "fieber\\w*": "fever",
        "schmerz\\w*": "pain",
        "kribbeln": "tingling",
        "taubheit\\w*|gefuhllosigkeit": "numbness",
        "schwellung\\w*": "swelling",
        "rotung\\w*": "redness",
        "schuttelfrost": "chills",
    },
    "ru": {
        "боли|боль": "pain",
        "онемения|онемение": "numbness",
        "покалывания|покалывание": "tingling",
        "отека|отёка|отек|отёк|опухоли|отеков": "swelling",
        "температуры|температура|жара": "fever",
        "красноты|покраснения": "redness",
        "озноба": "chills",
    },
    "hi": {
        "dard|dardd": "pain",
        "sunnpan|sunapan|sunn": "numbness",
        "jhunjhun\\w*": "tingling",
        "soojan|sujan|soozan|sujaan": "swelling",
        "bukhar|bukhaar|taap": "fever",
        "lali|laali|lalima": "redness",
        "दर्द": "pain",
        "सूजन": "swelling",
        "बुखार": "fever",
        "सुन्नपन": "numbness",
    },
    "tl": {
        "lagnat": "fever",
        "sakit|kirot": "pain",
        "pamamanhid|manhid": "numbness",
        "pamamaga|maga": "swelling",
        "pamumula": "redness",
        "ngimay|pangingimay": "tingling",
    },
    "ar": {
        "7arara|hrara|7rara|so5oune|sokhoune|skhouneh|sukhoone|7omma|homma": "fever",
        "waja3|wja3|2alam|alam": "pain",
        "tanmil|tnmil": "tingling",
        "khadar|5adar|khdar": "numbness",
        "waram|wram|naf5a|nafkha": "swelling",
        "e7merar|i7mirar|7omra": "redness",
        "حراره|سخونه|حمى|حمي": "fever",
        "وجع|الم": "pain",
        "تنميل": "tingling",
        "خدر": "numbness",
        "ورم|انتفاخ": "swelling",
        "احمرار": "redness",
    },
}
# A denial before the symptom, in the languages without articles: "нет температуры и нога
# красная" must not read as "no fever and leg red", where the English rules carry the "no"
# over to the redness; the denial is a clause of its own ("no fever;").
_NEG_BEFORE: Final[dict[str, str]] = {
    "pl": "brak|bez|nie ma|nie mam|zadnej|zadnego|zadnych",
    "tr": "hic",
    "ru": "нет|без|никакой|никакого|никаких|никакая",
    "hi": "bina|koi|कोई|बिना",
    "tl": "walang|wala(?:ng)? (?:po |naman |naman po )?(?:akong |ako ng )?",
    "ar": "ma fi|mafi|mafeesh|mafish|ma fih|bala|bidun|bdoon|bdun|ma 3andi|ma 3ndi|ما في|مافي|ما فيه|بدون|بلا|ما عندي|مفيش|لا يوجد",
}


def _denied_before(nouns: dict[str, str], negations: str) -> str:
    return "\n".join(
        f"(?:{negations}) ?(?:{word}) = no {english};" for word, english in nouns.items()
    )


# What denies a named symptom after it, language by language.
_NEG_TAILS: Final[dict[str, str]] = {
    "it": "no(?: (?:ho|c'e|sento|ce l'ho|avuto))?|non (?:ne )?(?:ho|c'e|sento|ho avuto)(?: niente| nulla)?|niente|nulla|nessun[oa]?|neanche|nemmeno|zero|assente",
    "pl": "(?:nie (?:mam|ma|bylo|czuje|odczuwam)|nie|brak|zadn\\w*|zero)(?: (?:mam|juz|wcale))?",
    "nl": "(?:heb ik|had ik|is er|voel ik|heeft (?:hij|ze|zij))? ?(?:niet|geen|nee|niks|niets)(?: meer)?",
    "es": "no(?: (?:tengo|hay|he tenido|tiene|siento|noto|tuve))?(?: nada)?|nada|ningun[oa]?|tampoco(?: tengo)?|cero",
    "pt": "nao(?: (?:tenho|ha|tem|tive|sinto|estou))?(?: nada)?|nada|nenhuma?|tambem nao(?: tenho)?|zero",
    "fr": "(?:je n'en ai|j'en ai|je n'ai|il n'y en a|il n'y a|n'y en a|y en a) (?:pas|plus|point|aucune?)|non|aucune?|pas du tout|point|zero|pas",
    "de": "(?:(?:habe|hab|hat|hatte|spure|fuhle|bemerke|merke) (?:ich|er|sie) |(?:ich|er|sie) (?:habe|hab|hat|hatte|spure|fuhle) |gibt es |ist |sind |habe |hab )?(?:gar |uberhaupt )?(?:keins|keines|keine|keinen|kein|nicht|nein|nichts)(?: mehr)?",
    "ru": "(?:у меня |у нее |у неё |у него |тоже |вообще |совсем |пока |уже |больше )?(?:нет|нету|не было|не бывает|не чувствую)",
    "hi": "(?:to |toh |bhi |bilkul |koi |abhi |ab |to bilkul |toh bilkul )?(?:nahi|nahin|nhi|nai|na)(?: (?:hai|he|h|ho raha|ho rahi|hota|hoti|hua|tha|thi|aaya|aayi))?|(?:तो |भी |बिल्कुल )?नहीं(?: (?:है|था|थी|हुआ))?",
    "tl": "(?:naman |po |naman po )?(?:wala|hindi|hindi naman|wala naman|wala po|wala naman po)",
    "ar": "(?:ma fi|mafi|mafeesh|mafish|ma 3andi|ma 3ndi|la2|la|mish|msh|ma)(?: (?:3andi|3ndi|abadan|abdan|kaman|kamen|hala2))?|(?:ما في|مافي|ما عندي|لا|ما|مش|مو)(?: (?:عندي|ابدا|ابدً))?",
}

# Words that end a denial after the symptom in the newer languages only ("febbre no, ma...",
# "ağrı yok ama", "koorts niet maar"): kept apart so older tables are read as before.
_AFTER: Final[dict[str, str]] = {
    "it": "ma|pero|e|ne|anche",
    "pl": "ale|lecz|a|i|ani|tez|oraz",
    "tr": "ve|ama|fakat|ancak|ile|da|de",
    "nl": "en|maar|ook|noch",
}

TABLES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "es": _table(_ES + _ES_FAMILIES + _denied_after(_NEG_NOUNS["es"], _NEG_TAILS["es"])),
    "pt": _table(_PT + _PT_FAMILIES + _denied_after(_NEG_NOUNS["pt"], _NEG_TAILS["pt"])),
    "fr": _table(_FR + _FR_FAMILIES + _denied_after(_NEG_NOUNS["fr"], _NEG_TAILS["fr"])),
    "de": _table(_DE + _DE_FAMILIES + _denied_after(_NEG_NOUNS["de"], _NEG_TAILS["de"])),
    "ru": _table(
        _negated_after(_RU_NOUNS, "нет|не было", "")
        + "\n"
        + _RU
        + _RU_FAMILIES
        + _denied_after(_NEG_NOUNS["ru"], _NEG_TAILS["ru"])
        + "\n"
        + _denied_before(_NEG_NOUNS["ru"], _NEG_BEFORE["ru"])
    ),
    "hi": _table(
        _negated_after(
            _HI_NOUNS,
            "nahi|nahin|nhi|nai|bilkul nahi|bilkul nahin|नहीं|बिल्कुल नहीं",
            "hai|he|ho raha|ho rahi|hota|hoti|hua|है|हो रहा|हो रही|होता|होती",
        )
        + "\n"
        + _HI_ROMAN
        + "\n"
        + _HI_DEVANAGARI
        + _HI_FAMILIES
        + _denied_after(_NEG_NOUNS["hi"], _NEG_TAILS["hi"])
        + "\n"
        + _denied_before(_NEG_NOUNS["hi"], _NEG_BEFORE["hi"])
    ),
    "tl": _table(
        _TL
        + _TL_FAMILIES
        + _denied_after(_NEG_NOUNS["tl"], _NEG_TAILS["tl"])
        + "\n"
        + _denied_before(_NEG_NOUNS["tl"], _NEG_BEFORE["tl"])
    ),
    "it": _table(
        _IT + _IT_FAMILIES + _denied_after(_NEG_NOUNS["it"], _NEG_TAILS["it"], _AFTER["it"])
    ),
    "pl": _table(
        _PL
        + _PL_FAMILIES
        + _denied_after(_NEG_NOUNS["pl"], _NEG_TAILS["pl"], _AFTER["pl"])
        + "\n"
        + _denied_before(_NEG_NOUNS["pl"], _NEG_BEFORE["pl"])
    ),
    "tr": _table(
        _negated_after(
            _NEG_NOUNS["tr"],
            "yok|yoktu|yoktur|hic yok|olmadi|olmuyor|yok gibi",
            "",
            _AFTER["tr"],
        )
        + "\n"
        + _TR
        + _TR_FAMILIES
    ),
    "nl": _table(
        _NL + _NL_FAMILIES + _denied_after(_NEG_NOUNS["nl"], _NEG_TAILS["nl"], _AFTER["nl"])
    ),
    "ar": _table(
        _AR_ROMAN
        + "\n"
        + _AR_SCRIPT
        + _AR_FAMILIES
        + _denied_after(_NEG_NOUNS["ar"], _NEG_TAILS["ar"])
        + "\n"
        + _denied_before(_NEG_NOUNS["ar"], _NEG_BEFORE["ar"])
    ),
}
