"""Concept vocabularies as data: for each concept the rules reason about ("numb", "black",
"saddle", "wound_worse" ...), the phrases patients use for it, plus how overlapping concepts
combine. The flags the patient sees are derived from these concepts in `rules`.

A data module: long by nature, no logic beyond the tables.
"""

from __future__ import annotations

from typing import Final

# Concept lexicons. Each concept is a tuple of alternatives, joined and compiled once below.
# A concept is what the rules reason about; the flags the patient sees are derived from them.
# A toe's position, and words that make it a change rather than the shape it always had.
_SHAPE_VERB: Final = (
    r"(?:curl\w*|bend\w*|bent|lean\w*|drift\w*|tuck\w*|turn\w* (?:in|out|under|over|sideways)|"
    r"twist\w*|tilt\w*|angl\w*|cross\w*|rid(?:e|es|ing) (?:up|over)|climb\w*|overlap\w*|"
    r"claw\w*|crook\w*|point\w*|splay\w*|push\w* (?:over|into|against)|mov(?:es|ing) (?:over|"
    r"across|under|towards?))"
)


_SHAPE_PROCESS: Final = (
    r"(?:more (?:and more|than (?:it|they|before|usual|ever|last)|each|every|now|lately|"
    r"recently)|(?<!any )(?<!no )more\b(?! (?:easily|freely|smoothly))|further|start(?:ed|"
    r"ing)?(?: to)?|"
    r"begun(?: to)?|beginning(?: to)?|began(?: to)?|(?:each|every|with each|with every) (?:week|"
    r"month|day)|week by week|"
    r"gradually|slowly|getting (?:worse|more)|worse|than (?:before|it used to|they used to|"
    r"last)|never used to|didn't use to|wasn't like (?:that|this)|lately|recently|these days|"
    r"progressively|over (?:the )?(?:last |past )?(?:few |couple of |\d+ )?(?:weeks|months)|"
    r"since (?:last|the|a|i|about|early|mid|late|\w+uary|march|april|may|june|july|august|"
    r"september|october|november|december))"
)


# What a numb foot feels wrapped in or walks on.
_PADDING: Final = (
    r"(?:cotton(?: wool)?|wool|cling ?film|plastic(?: wrap)?|bubble ?wrap|cardboard|rubber|"
    r"sponges?|pillows?|cushions?|clouds?|marshmallows?|wood|a sock|(?:folded |bunched |"
    r"rolled(?:[- ]up)? )?sock|(?:thick |wool(?:ly|"
    r"en) )?socks|"
    r"gloves|bandages?|tape|glue|felt|foam|polystyrene|styrofoam|novocaine|anaesthetic|"
    r"anesthetic|at the dentist|after the dentist)"
)


LEXICON: Final[dict[str, tuple[str, ...]]] = {
    # "I can't feel or move my toes": both numbness and paralysis (see SPLITS).
    "numb_weak": (
        r"(?:can't|couldn't|unable to|not able to) (?:feel|sense) (?:or|and|nor) (?:move|wiggle|"
        r"bend)",
        r"(?:can't|couldn't|unable to|not able to) (?:move|wiggle|bend) (?:or|and|nor) (?:feel|"
        r"sense)",
    ),
    # Cauda equina: saddle numbness and new bladder or bowel trouble.
    "saddle": (
        r"saddle (?:numbness|anaesthesia|anesthesia)",
        r"(?:can't|don't|didn't|couldn't|hardly|barely) feel (?:\w+ ){0,3}?(?:when|while|as) i "
        r"(?:wipe|pee|wee|go to the (?:toilet|loo|bathroom))",
        r"(?:can't|couldn't|don't|didn't|hardly|barely) feel (?:the )?(?:toilet (?:paper|roll|"
        r"tissue)|loo (?:paper|roll)|tissue|paper|wipes?)",
        r"numb (?:\w+ ){0,2}?when i (?:wipe|pee|wee|sit on the (?:toilet|loo))",
        r"(?:can't|couldn't|don't|didn't|hardly|barely) feel (?:\w+ ){0,3}?(?:when|while|as) (?:i|"
        r"she|he) "
        r"sits? (?:on|down on) (?:the )?(?:loo|toilet|seat|chair)",
        r"(?:numb\w*|no feeling|can't feel (?:anything|a thing|it)) (?:\w+ ){0,3}?(?:in )?(?:the )?"
        r"saddle(?: area| region)?",
        r"(?:can't|couldn't) feel (?:my |her |his |their )?(?:bum|bottom|backside|butt|privates|"
        r"genitals|groin)",
    ),
    "bladder": (
        r"(?:can't|couldn't|unable to|not able to|trouble|difficulty|problems?|struggl\w*|hard to)"
        r" (?:to )?(?:control|hold|empty|feel)(?: my)? (?:bladder|bowels?|pee|wee|urine|poo|stool)",
        r"(?:can't|couldn't|unable to|trouble|difficulty|struggl\w* to|(?:hasn't|haven't|hadn't|"
        r"not) "
        r"been able to|been unable to)(?: \w+ly)? (?:pee|wee|"
        r"urinate|pass urine|pass water|go to the toilet|poo)",
        r"(?:lost|losing|loss of|no) (?:control (?:of|over) )?(?:my |his |her |their )?(?:bladder|"
        r"bowels?)",
        r"(?:wet|peed|pooed|pooped|soiled|wetting|weeing|peeing|pooing) (?:myself|herself|himself|"
        r"themselves|my (?:pants|trousers|knickers|underwear|self)|the bed)",
        r"(?:can't|couldn't|unable to|trouble|hard to|struggl\w* to) (?:\w+ )?(?:hold|control) "
        r"(?:my |the |it |on to my )?(?:water|wee|pee|urine|bladder|bowels?|poo|it in|"
        r"number (?:one|"
        r"two))",
        r"accidents? (?:with|in) (?:my |the )?(?:bowels?|bladder|pants|trousers|underwear|bed)|"
        r"(?:bowel|bladder|toilet) accidents?|didn't make it to the (?:toilet|loo|bathroom)",
        r"(?:can't|couldn't|don't|didn't) (?:tell|feel|know) (?:when|if|whether) (?:i|she|he) "
        r"(?:need|needs|have|has|want|wants) (?:to |a )(?:pee|wee|go|poo|urinate)",
        r"(?:urine|pee|wee|water) (?:is |isn't |not |won't |doesn't )?(?:\w+ )?(?:not )?(?:passing|"
        r"coming|flowing|starting)(?: properly| at all| out)?|(?:can't|couldn't|not) pass(?:ing)? "
        r"(?:urine|water|any urine)|peeing (?:feels|is) (?:different|strange|weird|odd)",
        r"(?:pee|wee|urine|poo) (?:just )?(?:came out|comes out|leaked|leaks|leaking|dribbl\w*)",
        r"incontinen\w*",
        r"(?:bladder|bowel)s? (?:problems?|trouble|issues?|accidents?|control|leak\w*)",
        r"leak(?:ing|ed|s)? (?:a bit of |some |a little |a drop of )?(?:urine|pee|wee)",
    ),
    # A missing pulse: the blood supply.
    "no_pulse": (r"no pulse|(?:can't|couldn't) (?:find|feel) (?:a |the |my |any )?pulse",),
    # Stroke (BE-FAST): speech, face, vision; arm and balance come later.
    "speech": (
        r"slurr\w*",
        r"(?:can't|couldn't|unable to|not able to|struggl\w* to|hard to|trouble|difficulty)"
        r" (?:speak|talk)(?:ing)? (?:properly|clearly|right|normally|straight|well|at all)",
        r"(?:can't|couldn't) speak(?! (?:now|right now|at the moment|for|about|to|with|english))",
        r"(?:can't|couldn't|unable to|trouble|difficulty|struggl\w* to) (?:get|getting|find|"
        r"finding|"
        r"form|forming|say|saying) (?:my |the |her |his |their |any )?words",
        r"(?:letters|words|writing|typing|texts?|messages?) (?:\w+ ){0,2}?(?:coming out|come out|"
        r"came out|comes out|look|looks|are|is|went) (?:all )?(?:wrong|jumbled|weird|funny|garbled|"
        r"backwards|nonsense|muddled|mixed up)|(?:can't|couldn't) (?:write|type|spell) "
        r"(?:properly|straight|right|at all|anything)",
        r"(?:words|speech|talking|it) (?:\w+ ){0,2}?(?:like|sounds like) (?:porridge|mush|jelly|"
        r"cotton wool|marbles|i'm drunk|i was drunk|a drunk)|(?:like|as if) (?:i'm|i am|i was|"
        r"she's|"
        r"he's|she was|he was) drunk|kept saying (?:the same|'the thing|the thing)",
        r"(?:trouble|difficulty|problems?) (?:with )?(?:speaking|talking|speech)",
        r"speech (?:is |sounds |seems |went |was )?(?:\w+ )?(?:slurred|strange|weird|funny|garbled|"
        r"off|wrong|slow|thick)",
        r"(?:words|speech) (?:are |is |keep |keeps )?(?:(?:come|came|coming|comes) out )?(?:all )?"
        r"(?:jumbled|garbled|mixed up|muddled|wrong|weird|strange|funny|slurred)",
        r"garbled|aphasia",
        r"(?:jumbl\w*|mix\w* up|muddl\w*|mangl\w*|scrambl\w*) (?:(?:up )?my |the |all my |of )?"
        r"(?:words|speech|sentences)",
        r"(?:words|speech|sentences|talking|voice) (?:\w+ ){0,3}?(?:came out|coming out|comes out|"
        r"sounds?|sounded|is|was|went|are|were) (?:all )?(?:wrong|jumbled|weird|funny|slurred|"
        r"garbled|strange|muddled|nonsense|mixed up|gibberish|drunk)",
        r"(?:talk\w*|speak\w*|spoke|sound\w*) (?:\w+ )?(?:funn\w*|strange\w*|weird\w*|odd\w*|drunk|"
        r"slurred|"
        r"nonsense|gibberish|like i'm drunk|like i was drunk|wrong|bizarre\w*)",
    ),
    "arm_weak": (
        r"(?:hand|arm|fingers)s? (?:\w+ ){0,3}?(?:dropped|drops|dropping|(?:won't|can't|couldn't|"
        r"doesn't|isn't|not) (?:\w+ )?(?:grip|hold|work|lift|move|grasp)|clumsy|useless|weak\w*|"
        r"heavy|limp|numb\w*|dead|gone funny)",
        r"(?:dropped|dropping|drop) (?:my |her |his |the )?(?:cup|mug|glass|phone|fork|spoon|keys|"
        r"pen|"
        r"tea|coffee|things)",
        r"(?:can't|couldn't|unable to) (?:lift|raise|hold up|move) (?:my |her |his )?(?:\w+ )?"
        r"(?:arm|hand)",
    ),
    "face": (
        r"(?:face|mouth|smile|lips?|eyelid|cheek)s? (?:\w+ ){0,3}?(?:slipp\w*|slid\w*|melt\w*|"
        r"droop\w*|drop(?:ping|ped|s)?|"
        r"sag\w*|lopsided|crooked|uneven|slack|twisted|fall(?:en|ing)|paraly\w*|frozen)",
        r"(?:droop\w*|lopsided|crooked|sagging|uneven|twisted) (?:face|mouth|smile|lip)",
        r"facial (?:droop\w*|weakness|numbness|palsy)|bell'?s palsy",
        r"(?:face|mouth|smile|lips?|eyelid|cheek)s? (?:\w+ ){0,4}?(?:on |to |at )?(?:one|the "
        r"(?:left|right)) side",
        r"(?:mouth|face|lips?|tongue) (?:\w+ )?(?:feels?|felt|is|went|gone) (?:\w+ )?(?:heavy|numb|"
        r"thick|dead|funny|weird|strange|slack)",
        r"(?:wonky|crooked|lopsided|droopy|funny|odd|twisted|uneven|one[- ]sided|half) "
        r"(?:face|smile|mouth|grin)",
    ),
    "vision": (
        r"(?:lost|losing|loss of) (?:my |the )?(?:vision|sight|eyesight)",
        r"(?:can't|couldn't) see (?:properly|clearly|straight|out of|anything|with)",
        r"blurr(?:ed|y) (?:vision|eyesight|sight)|(?:vision|eyesight|sight|everything|my eyes?) "
        r"(?:is |are |went |has gone |have gone |gone |going |goes |looks? )?(?:all )?(?:blurr\w*|"
        r"double|dark|dim|funny|weird|strange|black|fuzzy|hazy)",
        r"double vision|seeing double|see(?:ing)? two of everything|blind in|vision loss|"
        r"blindness|went blind",
        r"(?:blurr\w*|fuzzy|hazy|dim|double|dark|black) (?:\w+ ){0,2}?(?:in|from|out of|with) "
        r"(?:one|my (?:left|right)|my|both|the (?:left|right)) eyes?",
        r"eyes? (?:\w+ ){0,3}?(?:blurr\w*|fuzzy|hazy|double|dim|went dark|gone dark|funny)",
        r"everything(?:'s| is| went| was| looks| looked| got| gone)? (?:all |really |so |a bit )?"
        r"(?:blurr\w*|fuzzy|hazy|double|dark|dim)",
        r"(?:can't|couldn't) (?:see|focus) (?:properly|clearly|straight|right|out of)",
    ),
    "stroke_word": (
        r"(?:having|had|have|think|thinking|worried|scared|afraid|fear|signs? of|symptoms? of|like|"
        r"maybe|is this|could this be|possible) (?:i'm having |i am having |it's |it is |it was |"
        r"of |"
        r"i had |i've had )?(?:a )?(?:mini[- ])?stroke\b",
        r"\btia\b|transient isch(?:a)?emic",
    ),
    # Outside the foot table but never to be left unanswered: chest, breathing, collapse.
    "general_emergency": (
        r"chest (?:pain|tightness|pressure)|pain in (?:my|the) chest|tight chest",
        r"(?:can't|couldn't|struggling to|hard to|trouble|difficulty) (?:breathe|breathing|"
        r"catch my breath)|short(?:ness)? of breath|breathless",
        r"i (?:just |nearly |almost )?(?:collapsed|blacked out)|pass(?:ed|ing)? out|"
        r"faint(?:ed|ing)|seizures?|unconscious",
    ),
    # Infection getting worse: spreading redness, a wound that grows or does not heal.
    "spreading": (
        r"(?:spreading|spreads?|spread) (?:of )?(?:the )?red\w*",
        r"red\w* (?:\w+ ){1,8}?(?:keeps |is |has |'s )?(?:spread\w*|getting bigger|growing|grown|"
        r"tracking|creeping|crept|moving up|moved up|going up|gone up|travel\w* up|extending)",
        r"red\w* (?:is |has |that's |keeps )?(?:spread\w*|getting bigger|growing|tracking|"
        r"moving up|going up|extending)",
        r"red (?:streaks?|lines?|tracks?)|streaks? (?:going |running )?up",
    ),
    "wound_worse": (
        r"(?:wound|cut|sore|blister|ulcer|graze|scrape|crack|scab|redness|swelling|rash|"
        r"red (?:patch|area|bit|mark))s?\b(?:\s+[\w']+){0,6}?\s+"
        r"(?:worse|bigger|deeper|wider|larger|nastier|spread\w*|grow\w*|extend\w*|creep\w*|"
        r"track\w*)",
        r"(?:not|won't|isn't|hasn't|doesn't|never|aren't|haven't|didn't) (?:\w+ )?heal\w*|"
        r"non[- ]?healing|slow to heal",
    ),
    "ulcer": (r"ulcer\w*",),
    # Skin: any break or mark matters with diabetes (NICE NG19); bruises and callus included.
    "wound": (
        r"blister\w*|cuts?\b|sores\b|ulcers?|wounds?|grazed?|grazes|scrapes?|scraped|bleed\w*",
        r"(?:a|an|the|open|pressure|new|little|small|big|this|that|bed) sore\b(?!\s*(?:toes?|foot|"
        r"feet|heels?|soles?|ankles?|legs?|knees?|joints?|muscles?|back|calf|arch|spot|feeling|bit|"
        r"after|from|when|and|today|now))",
        r"cracked (?:skin|heels?|soles?)|(?:skin|heels?|soles?) (?:is |are )?(?:cracked|cracking|"
        r"split\w*)|cracks? (?:in|on|between)|split skin",
        r"blood (?:on|in) (?:my )?(?:socks?|toes?|foot|feet|shoes?|nail|skin)",
        r"callus\w*|callous\w*|corns?\b|splinters?|puncture\w*|stepped on (?:a|some|something)",
        r"(?<!like a )bruis\w*|black and blue|broken skin|skin (?:is |has )?broken|ingrown|"
        r"ingrow\w*|raw\b|"
        r"peel\w*|"
        r"rash\w*|scabs?|(?:hole|gash|nick) (?:in|on)",
        r"burn(?:ed|t) (?:my |the )?(?:\w+ )?(?:toe|foot|feet|sole|skin)|(?:a|the) burn (?:on|to)",
        r"abrasions?|lacerations?|gash\w*|scratch(?:ed|es)?\b|skinned|cut (?:myself|himself|"
        r"herself)|"
        r"(?:nail|toenail)s? (?:\w+ ){0,3}?dig(?:s|ging)? (?:in|into)|soggy|macerat\w*|"
        r"(?:skin|heels?|soles?)(?: \w+){0,3}? (?:has |have |is |are )?(?:cracked|split|splitting|"
        r"broken)|"
        r"\bbled\b|"
        r"sore (?:on|under|between|at) (?:the |my |his |her |ma )?(?:\w+ )?(?:foot|feet|toes?|heel|"
        r"sole|ankle|leg|instep|arch)|verruca\w*|"
        r"(?:wet|white) and (?:white|wet|soggy)|"
        r"(?:stood|standing|trod|stepped|stepping) on (?:a |an |some |the )?(?:\w+ )?(?:pins?|"
        r"nails?|"
        r"glass|tacks?|thorns?|needles?|splinters?|something sharp|shell|stone|lego)|"
        r"blood (?:on|in|from|between) (?:the |my |his |her )?(?:\w+ )?(?:socks?|sheets?|bed|floor|"
        r"tissue|towel|slippers?|shoes?|toes?|foot|feet|nail|skin|heel|sole|carpet|rug|bath)|"
        r"stubb?(?:ed|ing)? (?:my |his |her |the )?(?:\w+ )?toe|(?:nail|toenail) (?:is |has )?"
        r"(?:lifting|lifted|coming off|came off|fell off|falling off)",
    ),
    # Black or dead-looking: at any time an emergency (but a black toenail is a bruise).
    "black": (
        r"black(?:ened|ish|ening)?\b|dead[- ]looking|looks? dead|looking dead|gangren\w*|charcoal|"
        r"shrivel\w*|mummif\w*|withered|dried[- ]up (?:and )?(?:black|dark)|"
        r"(?:like|looks like) (?:coal|soot|a raisin|a prune|burnt)|"
        r"necro\w*|rotting|rotten (?:toe|skin|flesh)|dying (?:toe|skin|tissue)",
    ),
    # Severe pain: urgent on its own, stop when it comes with a named exercise.
    "severe_pain": (
        r"(?:severe|excruciating|unbearable|terrible|horrible|awful|extreme|intense|worst|"
        r"crippling|agonising|agonizing|really bad|very bad|so bad|very|extremely|incredibly|"
        r"unbelievabl[ey]|insane)\s+(?:\w+\s+)?(?:pain|painful|hurts?|ache|sore)",
        r"\bin agony|agony|(?:pain|hurts?|ache|sore\w*)(?: \w+){0,4}? (?:10|ten|9|nine) ?(?:/|"
        r"out of) ?(?:10|ten)",
        r"(?:can't|couldn't) (?:put|bear|take) (?:any )?weight|(?:can't|couldn't) walk",
    ),
    # Complete loss of movement: "can't move", "flops", "paralysed". Still subject to the
    # exercise's normal state ("can't move my pinky by itself").
    "weak_total": (
        r"(?:won't|don't|doesn't|didn't|not|aren't|isn't) respond\w*|unresponsive",
        r"(?:can't|couldn't|unable to|not able to|won't|wouldn't|incapable of|impossible to)"
        r" (?:even |really |properly )?(?:move|wiggle|wriggle|bend|flex|straighten|budge)\b",
        r"(?:stopped|stops|stop) (?:moving|working|responding|lifting|bending|going up|coming up|"
        r"obeying)",
        # Told as disobedience: "my toes stopped obeying", "won't do what I tell them".
        r"(?:stopped|stops|stop|won't|wouldn't|don't|doesn't|didn't|refus\w* to|not|aren't|isn't)"
        r" (?:\w+ )?(?:obey\w*|listen\w*|cooperat\w*|co-operat\w*|respond\w*|do(?:ing)? what i "
        r"(?:tell|want|ask)|do(?:ing)? anything)",
        r"(?:won't|wouldn't|doesn't|don't|didn't|stopped) work(?:ing)?\b(?! (?:out|on|with|for))",
        # A limb that will not answer: "won't answer me", "nothing happens when I tell it to lift",
        # "it just hangs there", "forgot how to hold me up", "folding under me".
        r"(?:won't|doesn't|don't|wouldn't|didn't|not|isn't|aren't) (?:\w+ )?(?:answer\w*|react\w*|"
        r"budge|come up|go up|lift up|rise|get up|pick up|come off the (?:floor|ground))",
        r"(?:tell|try|trying|tried|want|ask) (?:it|them|my \w+(?: \w+)?) to (?:\w+ )?(?:lift|move|"
        r"go up|"
        r"bend|point|wiggle|curl|press|push)(?:\W+\w+){0,4}?\W+(?:nothing|it won't|they won't|"
        r"it doesn't|"
        r"they don't|it dont|they dont|no movement)",
        r"(?:just |only )?(?:hangs?|hanging|dangl\w*|flopp\w*) (?:there|down|loose|limp)",
        r"(?:dey|is|are|just) hang(?:ing)?\b",
        r"forgot(?:ten)? how to (?:\w+ )?(?:hold|work|walk|move|lift|bend|stand)|"
        r"(?:won't|can't|couldn't|doesn't) (?:hold|carry|take) (?:me|my weight)(?: up)?|"
        r"(?:fold\w*|buckl\w*|collaps\w*|crumpl\w*|giv\w* way) (?:under|beneath) me",
        r"(?:lost|losing|loss of) (?:the |all |my )?(?:ability|power|"
        r"strength) to (?:\w+ )?(?:raise|"
        r"lift|move|bend|point|walk|stand|wiggle|flex|curl|push|press)",
        r"(?:can't|couldn't|cannot|unable to) (?:stand|walk|put (?:any )?weight) on (?:them|it|"
        r"my (?:feet|"
        r"legs|foot|leg))",
        r"refus\w* to (?:\w+ )?(?:lift|move|bend|go up|come up|rise|work|budge)|(?:on|"
        r"gone on) strike",
        r"slap\w* (?:my |the |his |her )?(?:\w+ )?(?:foot|feet)(?: down)?",
        r"(?:foot|feet|toes?|front of my foot) (?:\w+ ){0,5}?slap(?:s|ping|ped)? (?:on |against )?"
        r"(?:the )?(?:floor|ground)",
        r"(?:can't|couldn't|unable to|won't) (?:pull|lift|raise|bring|get|hold) (?:it|them|my "
        r"(?:\w+ )?(?:foot|toes?|feet)|the front of my foot) (?:back )?up",
        r"paraly[sz]\w*|palsy",
        r"flopp\w*|(?:toes?|foot|feet|it|they|legs?)\s+(?:\w+\s+){0,2}?flops?\b|flops? (?:down|"
        r"over|around|about)|(?:went|gone|goes|go|is|are|feels?|hangs?|hanging|hang) limp|lifeless|"
        r"dead weight",
        r"foot drop|drop foot|(?:foot|toes?) (?:\w+ ){0,2}?(?:drop(?:s|ped|ping)?|slap(?:s|ping)?|"
        r"drag(?:s|ged|ging)?)(?! (?:the|a|an|my|it|them|some|one|all|marbles?|towel)\b)|"
        r"drag(?:ging)? my (?:foot|leg|toes)|(?:catch|catching|tripping over) my "
        r"(?:toes|foot|feet)",
        r"no (?:movement|motion)|(?:lost|losing|loss of) (?:all )?(?:movement|motion|function|"
        r"the use)",
        r"(?:foot|toes?)(?:'s)? (?:\w+ ){0,3}?catch(?:es|ing)? (?:on )?(?:the )?(?:ground|floor|"
        r"carpet|"
        r"step|steps|stairs?|kerb|curb|rug)|tripping (?:more|a lot|all the time|over nothing|over "
        r"my own feet)",
    ),
    # The exercises' own verbs: "can't lift my 4th toe" is where training starts, not weakness,
    # unless a loss or onset cue says it is new ("any more", "suddenly", "at all").
    "weak_train": (
        r"(?:can't|couldn't|unable to|not able to|won't|doesn't|don't|didn't|isn't|aren't|not|"
        r"wouldn't|struggl\w* to|hard to|trouble|difficulty)(?: even| really| properly| also)? "
        r"(?:lift\w*|rais\w*|spread\w*|curl\w*|grip\w*|isolate|separate|control|move|push\w*|"
        r"point\w*|press\w*|flex\w*|com(?:e|ing) up|go(?:ing)? up|go\b|bend\w*|pick\w*(?: up)?|"
        r"grab\w*)\b",
        r"too weak to|(?:manage|do|can do|managing) (?:fewer|less)|fewer (?:\w+ )?(?:lifts|reps)|"
        r"less and less|"
        r"(?:fades?|fading|gives?|giving) out|clumsy|clumsier",
    ),
    # Partial weakness: "weak", "lost strength". Whether it is sudden is decided by context.
    "weak_partial": (
        r"weak\w*",
        r"(?:lost|losing|loss of|no|lack of|less|reduced|little|not much|zero) (?:the |my |all |"
        r"of )?(?:strength|power|force|grip)",
        r"(?:lost|losing|loss of) (?:the )?control(?! (?:of|over) (?:my )?(?:bladder|bowels?))",
        r"(?:toes?|foot|feet|legs?)\s+(?:isn't|aren't|is not|are not|not|won't|don't|doesn't)\s+"
        r"work(?:ing)?\b",
        r"giving way|gave way|gives way",
        r"(?:isn't|aren't|not|doesn't|don't) (?:\w+ )?work(?:ing)?\b(?! (?:out|on|with|for|from|at|"
        r"here|"
        r"today|tomorrow|this|that))",
        r"(?:legs?|foot|feet|knees?) (?:\w+ ){0,3}?(?:heavy|like lead|leaden|like jelly|jelly|"
        r"wobbly|buckl\w*|gave out|giving out)(?!\w)",
        r"(?:heavy|leaden|jelly) (?:legs?|feet|foot)",
    ),
    # Loss of feeling. "dead" and "asleep" are how people say it; "can't feel" only when what
    # follows is a body part, not "the stretch", "any pain" or "a difference".
    "numb": (
        r"num+b(?!er)\w*",
        r"num+n?ess|numbnes+|numbess",
        r"hyp(?:o|a)?a?esthesi\w*|an(?:a)?esthesi\w*|stocking (?:and glove )?distribution|"
        r"loss of (?:protective )?sensation",
        r"(?:can't|couldn't|don't|didn't|hardly|barely|scarcely|unable to)\s+(?:really |properly |"
        r"fully |even |quite |always )?(?:feel|sense)\s+(?:anything|nothing|a thing|much|my|me|"
        r"the|them|it|its|his|her|their|your|our|either|both|any of my|some of my|parts? of my|"
        r"half|toes?|foot|feet|when|where|properly|right|touch|temperature|hot|cold)\b"
        r"(?!\s+(?:any |much |a |the |of )?(?:pain|tingl\w*|burn\w*|discomfort|difference|change|"
        r"improvement|progress|stretch\w*|effect|benefit|unusual|wrong|bad|strange|weird|odd|"
        r"different|abnormal|new|off|special|better|worse|sore\w*|hurt\w*|ache)\b)",
        r"(?:no|lost|losing|loss of|lack of|less|reduced|decreased|little|not much|zero|without)"
        r" (?:the |any |all |my |their |its |some |much |of )?(?:feeling|sensation|sense of touch)"
        r"(?! of (?:improvement|progress|change|difference|benefit|success))",
        # Told by what the foot seems to be wrapped in or walking on: padding, not touch.
        rf"(?:wrapped|wrapped up|padded|covered|encased|coated|bound|swaddled) (?:up )?in "
        rf"(?:\w+ )?{_PADDING}",
        rf"(?:like|as if|as though|feels?)\b(?:\s+[\w']+){{0,6}}?\s+{_PADDING}",
        r"(?:can't|couldn't|don't|hardly|barely) (?:tell|"
        r"feel the difference between) (?:\w+ ){0,3}?"
        r"(?:hot|warm) (?:and|from|or) ?(?:cold|cool|\s)|(?:can't|couldn't) tell (?:if|whether|"
        r"how) "
        r"(?:\w+ ){0,3}?(?:hot|cold|warm)",
        r"(?:can|could) feel (?:[\w']+ ){0,6}?(?:but|and) (?:only )?(?:hardly|barely|scarcely|"
        r"not much|not "
        r"really|not|less) (?:at all )?(?:with|in|on|through) (?:the |my )?(?:left|right|other)",
        r"(?:only |don't |didn't |never )?notice (?:that )?(?:my )?(?:slippers?|shoes?|sandals?|"
        r"flip flops?)"
        r" (?:has |have |had )?(?:come|came|fallen|fell|slipped) off|(?:slippers?|shoes?|sandals?) "
        r"(?:keep |keeps )?(?:falling|coming|slipping) off (?:without|and i (?:don't|didn't))",
        r"(?:didn't|don't|never|couldn't) (?:even )?(?:feel|felt|notice|realise|realize) "
        r"(?:\w+ ){0,3}?(?:it|that|when|until|till|til|a thing|anything|the (?:cut|blister|wound|"
        r"splinter|"
        r"stone|pebble|glass|pin))",
        r"(?:feel(?:s|ing)?|felt) (?:like )?(?:dead|wooden|like wood|like cardboard|"
        r"like cotton(?: wool)?|"
        r"like rubber|nothing(?! (?:unusual|wrong|bad|strange|new|different|odd))|"
        r"like (?:it's|they're|they are|it is) not (?:mine|there)|(?:like|as though|as if) (?:it|"
        r"they|"
        r"it's|they're) "
        r"(?:belongs?|belonging) to (?:someone|somebody) else)",
        r"(?:toes?|foot|feet|legs?|it|they)\s+(?:\w+\s+){0,4}?(?:fell|falls|falling|fallen|gone|"
        r"went|goes|going|is|are|keeps?|was|were|been|feel|feels|felt|feeling)\s+(?:\w+\s+){0,2}?"
        r"(?:to\s+)?asleep",
        r"like (?:it's |it is |they're |they are |it |they )?(?:fallen )?asleep|(?:feels?|feel|"
        r"felt) "
        r"asleep",
        r"(?:toes?|foot|feet|legs?)\s+(?:\w+\s+){0,2}?(?:fell|falls|falling|fallen|gone|went|goes|"
        r"go|"
        r"going|keeps? going)\s+to\s+sleep",
        r"(?:toes?|foot|feet|legs?|it|they)(?:'s| is| are| feels?| went| gone| has gone| have "
        r"gone)?(?: \w+){0,3}? dead\b(?! (?:stiff|tired|easy|good))",
        r"(?:like|as though|as if) (?:it|they|it's|they're|my \w+) (?:\w+ )?(?:belongs?|"
        r"belonging) to "
        r"(?:someone|somebody) else|(?:feels?|feel|felt) (?:\w+ ){0,2}?far away",
        r"(?:not|isn't|aren't|doesn't|don't) (?:feel(?:ing)? )?like (?:it's |they're |it is |"
        r"they are )?(?:mine|my own|part of me)",
        r"(?:like|as if|as though) (?:it|they|the \w+)(?:'s|'re| is| are)? ?(?:not|isn't|aren't) "
        r"(?:mine|my own|there|part of me|attached)",
    ),
    # Abnormal sensations the articles call out: tingling, burning, electric, radiating.
    "abnormal": (
        r"tingl\w*|tingel\w*",
        r"pins?[\s-]*(?:and|&|n|'n'|\+|-n-)?[\s-]*needles?|pins?[\s-]*(?:and|&|n)[\s-]*needless",
        r"burn(?:ing|s|y)\b",
        r"(?:toes?|feet|foot|soles?|heels?) (?:\w+ ){0,2}?burn\b",
        r"(?:feels?|is|are|like|feet|toes?|foot|sole) (?:like (?:it's|they're) |like )?on fire",
        r"fizz\w*|zap(?:s|ping|py)?\b|zing\w*|prickl\w*|crawling|creepy[- ]crawly|formication",
        r"electric(?:al)?(?:[- ]like)?\s+(?:shocks?|feelings?|sensations?|current|jolts?|pulses?|"
        r"pains?|zaps?|tingl\w*)|electric[- ]like|like electricity|electricity",
        r"shocks? (?:of|feeling|sensation|going|running|through|into|down|up|in)",
        r"(?:stabbed|pricked|stuck) with (?:pins|needles)|like (?:pins|needles)|needles? (?:in|"
        r"into)",
        r"like walking on (?:pebbles|marbles|glass|gravel|stones|cotton|sand|rocks|a ball)",
        r"(?:jolts?|bolts?) (?:of|through|into|down)",
        r"shooting (?:\w+ )?(?:pains?|sensations?|feelings?|things?|up|down|into|through|along|"
        r"from)|"
        r"(?:red[- ])?hot pokers?|(?:like )?(?:knives|daggers|a knife|a wire being pulled|a wire)|"
        r"shoots? (?:up|down|into|through)",
        r"radiat(?:ing|es|ed)",
        r"(?:runs?|running|travels?|travell?ing|goes|going|shoots?|spreads?|spreading) "
        r"(?:down|into|through|along) (?:my |the )?(?:legs?|foot|feet|toes?|calf|shin|sole)",
        r"hypersensitiv\w*|over[- ]?sensitive|sensitive to (?:touch|the touch)",
        r"par(?:a)?esthesi\w*|dys(?:a)?esthesi\w*|allodyni\w*|neuropathic",
        r"buzz(?:ing|y|es|ed)?\b|vibrat\w*|(?:foot|feet|toes?|heel|sole|leg)s? (?:\w+ )?hum(?:s|"
        r"ming)?\b",
        r"feels? (?:\w+ )?(?:cold|icy|hot|wet|damp)\W* (?:but|yet|though) (?:it's |it is |"
        r"it )?(?:isn't|is not|"
        r"not|it's not|doesn't)",
        r"full of (?:ants|bees|insects|pins|needles|static|electricity|bubbles)|like pepper|"
        r"peppery|"
        r"(?:scratch\w*|itch\w*|prickl\w*) (?:me )?inside",
        r"ants? (?:\w+ ){0,2}?(?:crawl\w*|march\w*|walk\w*|running|waka)|like (?:ants|insects|bugs|"
        r"spiders)|static\b(?! (?:stretch\w*|hold\w*|exercis\w*|position|balance))",
        r"like (?:i'(?:ve|d) |i have |i had )?(?:been )?(?:sat|sitting) on (?:it|them|my \w+)|"
        r"(?:feeling|sensation|feels?|like)\b[\w ]{0,30}?\b(?:trickl\w*|dripp\w*|pour\w*|crawl\w*)",
        r"like (?:\w+ )?(?:electric )?shocks?|like lightning|little (?:electric )?shocks",
        r"like (?:there's|there is|i've got|i have|a|an) (?:a )?(?:little |small |tiny )?(?:stone|"
        r"pebble|grain of sand|marble|lump|ball|bunched sock)",
        # Named by the patient; we do not diagnose, but the words report nerve symptoms.
        r"neuropath\w*|sciatica|(?:pinched|trapped|compressed) nerve|nerve (?:pain|damage|"
        r"compression|problems?)|neuroma",
    ),
    # "My toes feel weird": vague, so it must be anchored to the body (see NEEDS_BODY).
    "odd_sensation": (
        r"feel(?:s|ing)? (?:really |very |a bit |so |kind of |sort of )?(?:weird|funny|strange|odd|"
        r"off|wrong|not right|abnormal|tingly|prickly|electric|fuzzy|furry|woolly|like (?:ants|"
        r"insects|"
        r"bugs))",
        r"(?:feeling|sensation)(?:'s| is) not (?:quite )?(?:right|normal)|(?:gone|went|"
        r"going) (?:all )?"
        r"(?:funny|weird|strange|odd)|"
        r"(?:doesn't|don't|didn't|not|isn't|aren't) feel(?:ing)? (?:right|normal|the same|like "
        r"(?:mine|my own|part of me))",
    ),
    # Balance counts with other signs or a sudden onset, never during single-leg work.
    "balance": (
        r"(?:lost|losing|loss of|lose|no|off|poor|trouble with|problems? with|keep losing)\s+"
        r"(?:my |the |your )?balance",
        r"dizz\w*|vertigo|(?:room|world|everything) (?:is |was |keeps )?spinning|unsteady",
        r"(?:can't|couldn't|unable to) (?:walk straight|stand up straight|keep my balance|"
        r"stay upright|stand up)",
        r"keep falling|falling over",
    ),
    # Visible new deformity (article: clawing, overlapping).
    "deformity": (
        r"claw\w*|hammer[- ]?toes?|mallet toes?",
        r"curl(?:ing|ed|s)? (?:under|down|over|up and (?:won't|can't|don't))|curled[- ]under",
        r"over-?lap\w*",
        r"(?:cross|crosses|crossing|crossed|drift\w*|rid(?:ing|es)|sit(?:s|ting)|slid(?:ing|es)|"
        r"lean(?:s|ing)|mov(?:es|ing)|push(?:es|ed|ing)|climb(?:s|ing)) (?:over|under(?:neath)?|"
        r"on top of|onto|up onto|up on|across|towards?) (?:the |my |its |each )?(?:other |big |"
        r"second |next |neighbou?ring )?(?:toes?|one)",
        r"sticks? up|sticking up|deform\w*|misshapen|crooked|bent (?:toes?|over|under|sideways)",
        r"toes? (?:\w+ ){0,2}(?:is|are|has|have|looks?|gone|going|getting) (?:more |very |really )?"
        r"(?:bent|crooked|twisted)",
        # A toe moving onto its neighbour, in any words: "my 2nd toe is going over the big toe".
        r"toes? (?:\w+ ){0,4}?(?:over|under(?:neath)?|on top of|onto|across) "
        r"(?:the |my |its |each )?(?:\w+ )?(?:toes?|one)",
        r"(?:sits?|sitting|rides?|riding|is|are) on top(?! of (?:the )?(?:towel|mat|ball|"
        r"marbles?))",
        r"toes? (?:\w+ ){0,2}?bend(?:s|ing)? (?:down|up|sideways|over) at",
        # A shape that is changing, told as a process: "curling more than it used to", "starting
        # to tuck under", "leaning more each week", "sits higher than the others now".
        rf"{_SHAPE_VERB} (?:\w+ ){{0,5}}?{_SHAPE_PROCESS}",
        r"toes? (?:are |is |keep |keeps )?(?:crossing|overlapping|over-?lapping)",
        r"(?:like a |into a )hook|hooked (?:toes?|over)|curly toes?|like a (?:little |tiny |"
        r"small )?"
        r"(?:hammer|claw|hook)|bent (?:up|down|over) at the (?:knuckle|joint|middle)|(?:curl|bend|"
        r"cross)\w* now\b(?=[^.!?]*"
        r"\b(?:didn't|did not|weren't|wasn't|never)\b)",
        r"(?:cross\w*|overlap\w*|rid\w*|lean\w*|push\w*) (?:over |into |onto |on )?(?:each other|"
        r"one "
        r"another)",
        r"arch(?:es)? (?:\w+ ){0,3}?(?:flatter|flattened|flattening|collaps\w*|dropp\w*|fallen|"
        r"sinking|gone flat)|(?:flatter|collapsed|fallen|dropped) arch|"
        r"(?:changed|changing|changes|different|new|odd|weird|funny|strange) shape|"
        r"shape (?:of (?:\w+ ){1,3}?)?"
        r"(?:has |have |is |are )?(?:been )?chang\w*|out of shape",
        rf"{_SHAPE_PROCESS} (?:\w+ ){{0,3}}?{_SHAPE_VERB}",
        r"(?:sit(?:s|ting)?|stick(?:s|ing)?|stand(?:s|ing)?|point(?:s|ing)?|rid(?:es|ing)) "
        r"(?:up )?(?:higher|lower|sideways|at an angle)(?: than (?:the )?others?)?",
        r"(?:bent|kinked|buckled) (?:in the middle|at the (?:middle|joint|knuckle))|"
        r"(?:tuck\w*|fold\w*|curl\w*) (?:itself |themselves )?(?:under|underneath|beneath|in)\b"
        r"(?! me\b)",
        r"(?:lump|bump|bony bit|bone|knob|knuckle) (?:\w+ ){0,4}?(?:growing|grown|getting bigger|"
        r"bigger|larger|sticking out more)",
    ),
    "bunion": (r"bunion\w*",),
    "lump": (
        r"(?:new |growing )?lumps?\b|(?:new |growing )?bumps?\b|bony (?:bit|lump|bump|knob)|"
        r"knobbl\w*|bone (?:sticking|poking) out",
    ),
    # "No improvement" phrases carry their own negation, so negation is not applied to them.
    "no_improvement": (
        r"no (?:real |visible |noticeable |significant |obvious |big )?(?:improvement|progress|"
        r"difference)",
        r"no better|not (?!sure)(?:\w+ ){0,2}?(?:improv\w*|better|progress\w*)",
        r"(?:isn't|aren't|hasn't|haven't|don't|doesn't|didn't|won't|never)\s+(?:\w+\s+){0,2}?"
        r"(?:getting |got |gotten |any |much |seem to (?:be )?)?(?:better|improv\w*|progress\w*|"
        r"difference)",
        r"nothing (?:is |has |'s |seems to be )?(?:getting |got |gotten |been )?(?:better|"
        r"improv\w*|work\w*|help\w*)",
        r"(?:exercises?|drills?|it|this|programme|program|routine|practice|they)"
        r"(?: is| are|'s|'re)? (?:not|isn't|aren't|doesn't|don't|didn't) "
        r"(?:really |seem to |seems to )?(?:help\w*|work\w*)",
        r"plateau\w*|zero progress|no gains?",
    ),
    # Weaker forms that need a progress context ("no change after 8 weeks").
    "no_change": (
        r"no change|still the same|nothing (?:has )?changed|(?:hasn't|haven't) changed|"
        r"stuck(?: at)?",
        r"same as (?:before|when i (?:started|began)|day one|week one|ever)",
        r"(?:just |exactly |still )?as \w+ as (?:on |at )?(?:day (?:one|1)|the first day|the start|"
        r"the "
        r"beginning|when i (?:started|began)|before|ever)",
        # "zero change", "no straighter", "can't see any improvement", "haven't changed at all".
        r"(?:no|not|nothing|zero|hasn't|haven't|didn't|don't|doesn't|isn't|aren't|can't|couldn't|"
        r"not seeing|not noticing)(?: [\w']+){0,3}? (?:any |much |"
        r"a |discernible |noticeable |visible |real )?(?:better|improv\w*|progress\w*|difference|"
        r"different|change[ds]?|changing|benefit|results?|effect|"
        r"straighter|stronger|easier|looser|further|gains?)\b",
        r"(?:exactly |just |still |pretty much |basically |totally )?(?:the )?same as (?:before|"
        r"when|"
        r"the (?:first|1st) (?:day|week)|day (?:one|1)|week (?:one|1)|at the start|the start|the "
        r"beginning|ever|always|it was)|(?:looks?|feels?) (?:exactly |just )?(?:like|the same as) "
        r"(?:before|when|they did|it did)|exactly the same|exactly like before|unchanged|"
        r"no different|(?:hasn't|haven't|didn't) (?:\w+ )?(?:changed|budged|moved on|shifted)|"
        r"nothing (?:has |have |'s )?(?:changed|budged|moved|shifted|improved)|"
        r"not (?:one|a) (?:bit|jot|iota|tiny bit)",
        r"still (?:at )?(?:baseline|the baseline|zero|square one)|back to (?:square one|baseline)|"
        r"(?:exactly |just )?where (?:it|they|i|we) started|see(?:ing)? nothing|nothing to show|"
        r"no results?|same as day (?:one|1)|"
        r"(?:still )?(?:all )?move (?:as a gang|as one|together|as a group|all together)|"
        r"no (?:more|less|better|further|stronger|looser|straighter|freer) (?:\w+ )?than (?:when|"
        r"before|"
        r"at|they were|it was)|nothing's changed",
        r"(?<![\w'] )nothing(?= *(?:[.!]|$))",
        r"(?:thought|hoped|expected|assumed) (?:it|they|i|my \w+)(?:'d| would| will|"
        r"'ll)? (?:be )?(?:\w+ )?"
        r"(?:better|improv\w*|stronger|looser|easier)(?: by now)?|should (?:be|have) (?:\w+ )?"
        r"(?:better|improved) by now|not (?:\w+ )?(?:better|improved) by now|"
        r"still (?:at )?zeros?\b",
    ),
    # Systemic signs: with a local sign of infection, an emergency.
    "fever": (
        r"fever\w*|febrile|temperature of|high temp\w*|(?:have|got|running|with|had) a (?:high )?"
        r"temp(?:erature)?|temp(?:erature)? (?:is )?(?:high|up|of \d)",
        r"chills|shiver\w*|rigou?rs|the shakes|shaking (?:all over|uncontrollabl\w*)|"
        r"(?:night )?sweats|sweating (?:a lot|buckets)|flu[- ]?like",
        r"feel(?:ing)? (?:very |really |so |quite )?(?:ill|unwell|sick|awful|terrible|rough)",
        r"confus\w*|drowsy|delirious",
        r"(?:i'm|i am|i feel|feeling|i've been|been|got|gone|she's|he's|and) (?:so |very |really |"
        r"all |a bit |quite )?(?:hot and (?:shaky|shivery|sweaty|cold)|shaky|shivery|feverish|"
        r"clammy|burning up|boiling up|hot and cold|sweaty and shaky)",
        r"(?:muddled|foggy|woozy|disorient\w*|not making (?:any )?sense|talking (?:nonsense|"
        r"gibberish|rubbish)|not (?:herself|himself|myself|themselves)|out of it|spaced out|"
        r"can't think (?:straight|clearly)|away with (?:the fairies|it)|not with it)",
        r"(?:head|mind|brain|thinking) (?:\w+ ){0,2}?(?:muddled|foggy|fuzzy|cloudy|all over)",
        r"teeth (?:are |were )?chattering|can't stop shaking|shaking (?:like a leaf|all night)",
        r"(?:i'm|i am|been|she's|he's) (?:\w+ )?shaking\b|can't get warm|(?:can't|cannot) warm up",
    ),
    # Infection, local signs. Before "pale" so that "yellow fluid" is pus, not a colour.
    "pus": (
        r"pus\b|pus-?filled|ooz\w*|discharg\w*|weep(?:s|ing|y)\b",
        r"leak(?:s|ing|ed)? (?:\w+ )?(?:fluid|liquid|pus|stuff|goo)",
        r"(?:sore|wound|cut|blister|ulcer|graze)s? (?:[\w']+ ){0,4}?(?:leak\w*|ooz\w*|weep\w*|"
        r"drain\w*|"
        r"discharg\w*)|fluctuan\w*|purulen\w*|exudat\w*|abscess\w*",
        r"(?:yellow|green|white|smelly) (?:stuff|fluid|liquid|goo|gunk|crust|head|centre|center)",
        r"(?:going|gone|turning|turned) (?:yellow|green)(?:ish)? (?:in the (?:middle|centre|"
        r"center)|"
        r"at the (?:top|centre|center|middle))",
        r"smell(?:s|y)? (?:bad|awful|foul|funny|off|rotten|horrible|a bit|a little|odd|strange|"
        r"weird|(?:like|of) (?:cheese|rot\w*|death|vinegar|something (?:died|dead|off|rotten)|"
        r"infection|pus|meat))|(?:bad|foul|funny|strange) smell|(?:gone|going|looks?|"
        r"looking) (?:soft and )?wet",
    ),
    # Circulation: colour and temperature must be anchored to the body (see NEEDS_BODY).
    "pale": (
        r"pale\w*|white\w*|bluish|blue\w*|purpl\w*|grey\w*|gray\w*|ashen|mottled|blotchy|dusky|"
        r"yellow(?:ish|ed|ing)?|"
        r"dark(?:er|ened|ening)?\b|discolou?r\w*",
        r"(?:changed|changing|change(?:s|d)? of|different|funny|weird|strange|odd) colou?r",
        r"colou?r (?:has )?chang\w*|colou?r change",
        r"colou?r of (?:a )?(?:bruise|plum|aubergine|ink|slate|ash|putty|wax|a corpse|death)|"
        r"bruise[- ]colou?red|(?:white|pale) as (?:paper|a sheet|chalk|snow|milk)|(?:looks?|gone|"
        r"went|"
        r"turned|purple|blue|dark) (?:\w+ ){0,2}?like a bruise",
    ),
    "cold": (
        r"cold(?:er)?\b|icy|ice[- ]cold|freez\w*|chill(?:y|ed)|frozen|cool to (?:the )?touch|"
        r"like ice\b|like (?:a )?(?:block of ice|ice ?cubes?|an ice ?cube)",
    ),
    # More local signs of infection: red, hot, swollen.
    "red": (
        r"red|reddish|redder|flushed|angry(?:[- ]looking)?|erythema\w*|"
        r"(?:gone|going|turned|turning|getting|gotten) (?:a bit |quite |very )?pink(?:ish|er)?",
    ),
    "redness": (r"redness|reddened|reddening|inflamed|inflammation",),  # read as "red"
    "hot": (r"hot\b|warm(?:er|th)?\b|heat\b",),
    "swollen": (
        r"swol+e?n|swell\w*|puff(?:y|ed|iness)|bloated|oedema|edema|gout\w*",
        r"fat(?:ter)? (?:toe|foot|ankle)|(?:bigger|larger) than (?:the other|usual|normal|before)",
        r"(?:foot|feet|toes?|ankles?|legs?) (?:\w+ ){0,3}?(?:fatter|puffier|thicker|chubbier|"
        r"podgier|bigger than (?:the other|usual|normal|before))",
        r"socks? (?:\w+ ){0,2}?(?:leav\w*|left) (?:deep |big |red )?(?:marks|dents|lines|grooves|"
        r"rings)",
        # Told by footwear that no longer fits.
        r"(?:shoes?|slippers?|boots?|trainers|sneakers|sandals|socks?|footwear)(?: [\w']+){0,5}? "
        r"(?:(?:feel|feels|felt|are|is|got|getting|gone) (?:\w+ )?)?(?:tight|tighter|too small|too "
        r"tight|(?:don't|doesn't|won't|wouldn't|didn't|no longer|not) (?:\w+ )?fit|dig(?:s|"
        r"ging)? in|"
        r"cutting in|pinch\w*)",
        r"(?:can't|couldn't|cannot) (?:get|fit|squeeze) (?:my )?(?:\w+ )?(?:foot|feet|toes?) "
        r"(?:in|into)|(?:can't|couldn't|cannot) (?:get|fit) (?:my |into my )?(?:\w+ )?(?:shoes?|"
        r"slippers?|boots?|trainers) on",
    ),
    "infected": (r"infect\w*|abscess\w*|cellulitis",),
    # Pain: during or after an exercise -> stop; severe pain without an exercise -> urgent.
    "pain": (
        r"pain(?:s|ful|fully|ed)?\b|hurt\w*|ach(?:e|es|ing|y|ey|iness|ier|iest)\b|sore\w*|"
        r"tender\w*|"
        r"throb\w*|stab(?:s|bing|bed|by)?\b|twinge\w*|cramp\w*|spasm\w*|agon\w*|ouch|ow+\b|owie|"
        r"discomfort|sting(?:s|ing)\b|stung\b|"
        r"pinch(?:es|ing|ed)?|uncomfortable",
        r"(?:toes?|foot|feet|heels?|soles?|arch|ankles?|legs?|back|knees?|it|it's|they|they're)"
        r" (?:\w+ ){0,2}?kill(?:s|ing|ed) me|backache",
        r"sharp (?:feeling|sensation|twinge)",
        r"(?:is|are|was|were|'s|'re) (?:absolute |pure |sheer |bloody )?murder\b",
        r"strain(?:ed|ing)?\b|tweak(?:ed)?\b|ouchy|owwy|pangs?\b|jabs?\b|pain(?:ing|in)\b|"
        r"(?:hollerin\w*|holler\w*|screaming|shouting|yelling|complaining|protesting|crying out|"
        r"barking)"
        r" at me|can't tahan|cannot tahan|winc(?:e|es|ed|ing)\b|"
        r"made me (?:\w+ )?(?:swear|"
        r"scream|yelp|cry|yell|jump|gasp)",
    ),
    "worse": (
        r"wors(?:e|ening|ened)\b|getting bad|more (?:painful|sore|numb|tingly)|flar(?:e|es|ed|ing)"
        r"(?: up)?",
    ),
}


# Concepts whose words are everyday words elsewhere ("hot water", "a dark room"): they count only
# next to a body word, or after "it"/"they" when the message names a body part somewhere.
NEEDS_BODY: Final = frozenset({"cold", "pale", "black", "red", "hot", "infected", "odd_sensation"})


# Concepts matched apart only because one needs the body and the other does not.
ALIASES: Final = {"redness": "red"}


# One phrase, two concepts.
SPLITS: Final = {"numb_weak": ("numb", "weak_total")}


# When two mentions overlap, the left concept wins over the right one(s).
OVERRIDES: Final[dict[str, frozenset[str]]] = {
    "wound": frozenset({"pain"}),  # "a sore on my toe" is a wound, not pain
    "general_emergency": frozenset({"pain"}),
    "no_pulse": frozenset({"numb"}),  # "can't feel the pulse"
    "bladder": frozenset({"weak_partial", "weak_train", "numb"}),
    "saddle": frozenset({"numb"}),
    "spreading": frozenset({"red", "redness"}),
    "wound_worse": frozenset({"worse", "wound", "pain", "no_improvement"}),
    "severe_pain": frozenset({"pain"}),
    "speech": frozenset({"weak_train", "weak_total"}),
    "vision": frozenset({"numb"}),
    "deformity": frozenset({"weak_train"}),
    "weak_train": frozenset({"weak_partial"}),  # "too weak to drag the towel": the training
    "weak_total": frozenset({"weak_train", "weak_partial"}),
    "black": frozenset({"pale", "wound"}),
    "face": frozenset({"weak_partial", "numb"}),
    "abnormal": frozenset({"pain", "hot"}),  # "burning pain" is a sensation, "burning hot" too
    "no_improvement": frozenset({"no_change", "weak_partial", "weak_train"}),
    "ulcer": frozenset({"wound"}),
    "balance": frozenset({"weak_train", "weak_total"}),
}
