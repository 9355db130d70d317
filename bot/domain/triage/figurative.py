"""Step 2 of triage: figurative uses ("numb with boredom", "the blue towel", "no pain no gain",
legs "dead" after leg day) blanked out with spaces of the same length, so no offset moves.

Mostly a data table: one alternative per idiom family, compiled once into one pattern.
"""

from __future__ import annotations

import re
from typing import Final

_COLOURS: Final = r"(?:blue|black|red|white|green|yellow|pink|purple|grey|gray|orange|dark)"


# Things in the exercises that have colours, so "the blue towel" is not a blue toe.
_THINGS: Final = (
    r"(?:towels?|marbles?|bands?|theraband|resistance bands?|balls?|mat|yoga mat|socks?|"
    r"shoes?|slippers?|cloth|sheet|cups?|bowls?|pens?|stickers?|ones?|light|tape|"
    r"box|button|carpet|rug|floor|tiles?|chair|pillow|cushion|wine|bread|noise|paper)"
)


# Sport and the words for legs it leaves spent: tiredness, not weakness.
_SPORT: Final = (
    r"(?:the |my |a |an |that |this |today's |yesterday's )?(?:gym|workout|work ?out|squats?|"
    r"leg day|lunges|run|running|jog|jogging|hike|hiking|cycle|cycling|bike ride|spin class|"
    r"spinning|football|match|game|tennis|class|dance class|dancing|training|marathon|half "
    r"marathon|parkrun|climb|swim|zumba|crossfit|pilates|bootcamp|digging|gardening|"
    r"(?:the )?allotment|"
    r"(?:a |my )?(?:\d+ ?(?:hr|hrs|hour|h) )?(?:long |double |night |day )?shift|moving house|"
    r"(?:[\w-]+ ){0,3}?(?:walk|hike|"
    r"ramble|stroll|trek)|long one|walking on (?:soft |the )?sand)"
)


_SPENT: Final = (
    r"(?:dead|like jelly|jelly|jelly-like|heavy|wobbly|shaky|tired|knackered|destroyed|wrecked|"
    r"done in|like lead|numb|burning|aching|achy)"
)


_FIGURATIVE: Final[tuple[str, ...]] = (
    # Emotions and boredom, not sensation.
    r"numb(?:ed)? (?:with|from) (?:boredom|fear|shock|grief|sadness|the news|it all)",
    r"bored (?:numb|stiff|to death|to tears|out of my (?:mind|skull))",
    r"mind[- ]?numb\w*",
    r"numbingly",
    r"emotionally (?:numb|dead|drained)",
    r"numb (?:inside|to (?:it|the news|all of))",
    r"dead (?:tired|beat|easy|simple|serious|set|good|funny|boring|slow|on time|right|"
    r"certain|sure|quiet|bored|keen|chuffed|proud|stiff|tight|hard|lucky|pleased|happy|busy|"
    r"excited|nice|cute|useful|handy|jealous|against|ugly|pretty|lovely|clever|smart|rude|posh|"
    r"common|cheap|expensive|proud|chuffed)",
    # Tired legs after sport: "legs are dead after leg day", "after the gym my legs are jelly".
    rf"(?:legs?|thighs?|calves|quads|hamstrings) (?:\w+ ){{0,3}}?{_SPENT}"
    rf"(?= (?:\w+ ){{0,4}}?(?:after|from) {_SPORT})",
    rf"(?:after|from) {_SPORT},? (?:\w+ ){{0,5}}?{_SPENT}",
    r"dead ?(?:lines?|lifts?|battery|phone)",
    r"drop[- ]dead",
    # Doing well.
    r"(?:killing|killed|smashing|smashed|crushing|crushed|nailing|nailed|rocking|rocked) it",
    r"(?:i'm|i am|i was|you're|you are|we're|we are|been) on fire",
    r"(?:on fire|burning|buzzing|tingl\w*)(?= [^.!?]{0,40}?\b(?:in a good way|good burn|nice burn|"
    r"nailed|smashed|lol))",
    # Colours of things, moods and idioms.
    rf"{_COLOURS} {_THINGS}",
    rf"{_THINGS} (?:is|are|was|were|looks?) (?:\w+ )?{_COLOURS}",
    r"feeling (?:a bit |so |very |really )?blue",
    r"(?:tingl\w*|dizzy|giddy) (?:with )?(?:excitement|anticipation|joy|happiness)",
    r"out of the blue",
    r"red flags?",
    r"in the red",
    r"black ?friday",
    r"blue ?tooth",
    r"(?:dark|black) (?:outside|out|in here)",
    r"(?:it's|it is|it was|it gets|getting) dark\b",
    # Pain idioms.
    r"no pain,? no gain",
    r"(?:a |such a |real )?pain in the (?:neck|butt|bum|arse|ass|backside)",
    r"(?:a|such a|real|bit of a) pain to (?:buy|find|get|fit|put on|do|organi[sz]e)",
    r"growing pains?",
    r"(?:wouldn't|won't|doesn't|can't) hurt to (?:ask|try|check)",
    r"hurt(?:s|ing)? (?:my|your|his|her) feelings",
    r"burn(?:ing|ed|t)? (?:calories|fat|energy|the candle|through|out)",
    r"burning (?:question|desire|issue|ambition)",
    r"feel(?:ing)? the burn",
    r"(?:i'm|i am|i was|been|i've been|we're|we are) on pins and needles",
    r"pins[- ]and[- ]needles (?:of|with|from) (?:excitement|anticipation|joy|nerves)",
    r"(?:the )?(?:burning|scorching|blazing) (?:sun|heat|weather|day|afternoon)",
    r"pins and needles (?:waiting|about|over)",
    # Weather, baths and the common cold.
    r"cold feet (?:about|over)",
    r"(?:from|in|out in|because of|due to|with) the cold\b",  # the weather, not a cold foot
    r"(?:it's|its|it is|maybe|probably|blame|must be) (?:just )?the (?:cold|weather|heat)\b",
    r"(?:it's|its|it is|so|very|really|freezing|bitterly) cold (?:in|out|outside|here|today|at|"
    r"this)\b",
    rf"{_SPORT}\b[^.!?]{{0,60}}?(?:legs?|thighs?|calves|quads) (?:\w+ ){{0,3}}?{_SPENT}",
    r"(?:catch|catching|caught|have|having|got|with) a (?:bad |head |chest |nasty |"
    r"stinking )?cold\b",
    r"(?:common|head|chest) cold",
    r"(?:hot|cold|warm|icy|freezing|boiling|chilly) (?:water|bath|shower|tub|drink|tea|coffee|"
    r"packs?|compress|towel|weather|days?|nights?|morning|outside|out there|room|house|office|"
    r"floor|tiles|climate|summer|winter|spell|snap|in here)",
    r"warm(?:ing|ed)?[- ]?ups?",
    r"(?:warm|hot|cold|icy) (?:foot )?(?:soaks?|baths?|spa|wash|compress|packs?)",
    r"(?:crack|click|pop|creak|clunk)\w*(?: and (?:crack|click|pop|creak)\w*)? when",
    r"(?:period|menstrual|stomach|tummy) (?:cramps?|pains?)",
    r"(?:hands?|fingers?|face|nose|ears?) (?:\w+ ){0,2}?(?:numb|frozen|dead) (?:with|"
    r"from) (?:the )?"
    r"cold",
    r"(?:asks?|asking|asked|question|questions) about (?:the )?(?:pain|numbness|tingling|swelling)",
    r"(?:goes|go|turns?|went) (?:white|pale)\w* when (?:i |you )?(?:press|push|"
    r"squeeze)\w*[^.!?]{0,60}",
    r"(?:in|from) the heat\b|heat ?wave|hot weather",
    r"(?:shoes?|boots?|trainers|slippers?)[^.!?]{0,30}?(?:tight|pinch\w*)[^.!?]{0,40}?(?:new|"
    r"breaking "
    r"(?:them )?in|break (?:them )?in|wrong size|half a size)",
    # Healthy colour and warmth ("feet warm and pink"), unless told as a change ("went pink").
    r"(?<!went )(?<!gone )(?<!turned )(?<!going )(?<!a bit )(?<!quite )(?:warm and pink|pink and "
    r"warm|nice and warm|lovely and warm|warm and toasty|warm and alive)",
    r"warm (?:up|down)",
    r"keep (?:them|it|my feet|my toes|your feet|your toes) warm",
    # Tiredness and annoyance.
    r"sick (?:of|and tired)",
    r"tired of",
    r"weak (?:signal|wifi|wi-fi|connection|coffee|tea|joke|excuse|point|spot for|moment)",
    # Skill and the usual left-right difference, not a new weakness.
    r"weak(?:er|est)? (?:side|sides|one|ones|point|spot|link|at|in (?:lifting|spreading))\b",
    r"(?:control|coordination|technique) (?:is |was |still )*weak\w*",
    r"weak(?:er)? (?:control|coordination|technique)",
    r"(?:the )?pain of (?:waiting|\w+ing)\b",
    r"painfully (?:slow|obvious|aware|shy|honest|boring)",
    r"fever pitch",
    r"(?:cabin|spring|football|world cup|gold) fever",
    r"confus\w* (?:about|by|with|on|over|as to|which|what|how|if|whether)",
    # Strokes that are not strokes: massage instructions, sports, luck.
    r"stroke of (?:luck|genius|midnight)",
    r"(?:brush|swim\w*|breast|key|golf|pen) ?strokes?",
    r"stroke (?:the|your|my|gently|along) ",
    r"(?:could|can) be worse",
    r"worse things",
    r"(?:for )?better or (?:for )?worse",
    r"cut(?:ting)? (?:down|back|out)\b",
    r"cut(?:ting)? (?:my |the |his |her )?(?:toe ?)?nails",
    r"(?:should|can|do|shall) i cut (?:them|it|my \w+)|cut(?:ting)? (?:them|it) (?:short|back|"
    r"straight|"
    r"before|after)",
    r"break a leg",
    r"pull(?:ing)? (?:my|your) leg",
    r"leg (?:day|press|raises?|workout)",
    r"blood (?:sugars?|glucose|levels?|pressure|tests?|flow|circulation|results?)",
    r"shoot(?:ing)? (?:a|the|me|you) (?:video|photo|picture|message|text|email|line)",
    r"can't (?:wait|believe|complain|stand (?:it|this|the|that))",
    r"flip[- ]?flops?",
    # The person bending ("I bend down to pick up the marbles"), not a toe bending down.
    r"(?:(?<=\bi )|(?<=\bi'm )|(?<=\bwhen i )|(?<=\bfrom )|(?<=\bby )|(?<=\bafter )|(?<=can't )|"
    r"(?<=\band ))bend(?:ing)? "
    r"(?:down|over|forward|forwards)",
)


# "(?<!\w)(?=\w)" rather than "\b": tried at word starts only, which is faster.
FIGURATIVE_RE: Final = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(_FIGURATIVE) + r")")


def blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))
