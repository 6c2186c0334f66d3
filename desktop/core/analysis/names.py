"""Common first names: a general resource, not taken from any article.

Two uses: a first name tells a person from an organisation and usually shows
the person's gender (so "he" and "тя" find the right speaker), and a
Bulgarian spelling of a foreign first name has one usual English form
("Джон" -> "John") that transliteration gets wrong ("Dzhon"). The lists hold
frequent given names of Bulgarian, English-speaking and other European
public life; a name missing here only loses those two hints.
"""

from __future__ import annotations

#: Bulgarian spelling -> (English form, gender "m"/"f").
_BG: dict[str, tuple[str, str]] = {
    # Bulgarian names
    "георги": ("Georgi", "m"), "иван": ("Ivan", "m"), "димитър": ("Dimitar", "m"), "петър": ("Petar", "m"),
    "николай": ("Nikolay", "m"), "христо": ("Hristo", "m"), "стефан": ("Stefan", "m"),
    "йордан": ("Yordan", "m"), "тодор": ("Todor", "m"), "васил": ("Vasil", "m"), "александър": ("Alexander", "m"),
    "атанас": ("Atanas", "m"), "красимир": ("Krasimir", "m"), "пламен": ("Plamen", "m"),
    "бойко": ("Boyko", "m"), "румен": ("Rumen", "m"), "кирил": ("Kiril", "m"), "асен": ("Asen", "m"),
    "любомир": ("Lyubomir", "m"), "валентин": ("Valentin", "m"), "илия": ("Iliya", "m"),
    "никола": ("Nikola", "m"), "емил": ("Emil", "m"), "симеон": ("Simeon", "m"), "владимир": ("Vladimir", "m"),
    "мария": ("Maria", "f"), "елена": ("Elena", "f"), "иванка": ("Ivanka", "f"), "йорданка": ("Yordanka", "f"),
    "пенка": ("Penka", "f"), "десислава": ("Desislava", "f"), "надежда": ("Nadezhda", "f"),
    "цвета": ("Tsveta", "f"), "петя": ("Petya", "f"), "гергана": ("Gergana", "f"), "корнелия": ("Korneliya", "f"),
    "екатерина": ("Ekaterina", "f"), "росица": ("Rositsa", "f"), "теодора": ("Teodora", "f"),
    "виктория": ("Victoria", "f"), "анна": ("Anna", "f"), "ана": ("Ana", "f"), "радослава": ("Radoslava", "f"),
    # English and other names as Bulgarian writes them
    "джон": ("John", "m"), "джо": ("Joe", "m"), "джеймс": ("James", "m"), "джордж": ("George", "m"),
    "уилям": ("William", "m"), "майкъл": ("Michael", "m"), "дейвид": ("David", "m"), "робърт": ("Robert", "m"),
    "ричард": ("Richard", "m"), "томас": ("Thomas", "m"), "чарлз": ("Charles", "m"), "доналд": ("Donald", "m"),
    "бен": ("Ben", "m"), "марк": ("Mark", "m"), "пол": ("Paul", "m"), "питър": ("Peter", "m"),
    "питер": ("Peter", "m"), "джеръми": ("Jeremy", "m"), "борис": ("Boris", "m"), "тони": ("Tony", "m"),
    "гордън": ("Gordon", "m"), "дженифър": ("Jennifer", "f"), "хелън": ("Helen", "f"), "тереза": ("Theresa", "f"),
    "хилъри": ("Hillary", "f"), "камала": ("Kamala", "f"), "нанси": ("Nancy", "f"), "сара": ("Sarah", "f"),
    "урсула": ("Ursula", "f"), "ангела": ("Angela", "f"), "кристин": ("Christine", "f"),
    "емануел": ("Emmanuel", "m"), "еманюел": ("Emmanuel", "m"), "франсоа": ("Francois", "m"),
    "жан": ("Jean", "m"), "джузепе": ("Giuseppe", "m"), "олаф": ("Olaf", "m"),
    "дмитрий": ("Dmitry", "m"), "сергей": ("Sergei", "m"), "алексей": ("Alexei", "m"), "михаил": ("Mikhail", "m"),
    "юрий": ("Yuri", "m"), "андрей": ("Andrei", "m"), "виктор": ("Viktor", "m"), "володимир": ("Volodymyr", "m"),
    "джъстин": ("Justin", "m"), "джозеф": ("Joseph", "m"), "мохамед": ("Mohammed", "m"),
    "ахмед": ("Ahmed", "m"), "али": ("Ali", "m"),
}

#: English given names -> gender; enough to tell "Tony Blair" (he) from "Alexandra Tower" (she).
_EN: dict[str, str] = {
    name: "m"
    for name in ["john", "joe", "james", "george", "william", "michael", "david", "robert", "richard", "thomas", "charles", "donald", "ben", "mark", "paul", "peter", "jeremy", "boris", "tony", "gordon", "oliver", "matthew", "andrew", "anthony", "stephen", "steven", "kevin", "brian", "edward", "jack", "harry", "henry", "alan", "alexander", "chris", "christopher", "daniel", "simon", "nick", "nicholas", "tim", "timothy", "tom", "patrick", "philip", "phil", "martin", "jim", "jeff", "jonathan", "ian", "ken", "keith", "gary", "greg", "frank", "fred", "bill", "bob", "ed", "sean", "scott", "eric", "jason", "justin", "joseph", "mohammed", "ahmed", "ali", "emmanuel", "francois", "olaf", "dmitry", "sergei", "vladimir", "alexei", "mikhail", "viktor", "volodymyr", "ivan", "pat", "rupert", "nigel"]
} | {
    name: "f"
    for name in ["mary", "elizabeth", "jennifer", "helen", "theresa", "hillary", "kamala", "nancy", "sarah", "ursula", "angela", "christine", "alexandra", "tracy", "susan", "margaret", "patricia", "linda", "barbara", "karen", "lisa", "anne", "anna", "emma", "emily", "jane", "julie", "kate", "catherine", "caroline", "rachel", "rebecca", "laura", "claire", "diane", "victoria", "maria", "elena", "harriet", "tessa", "yvette", "ruth", "ann", "janet", "joan", "louise", "sally", "natalie", "sophie", "charlotte", "hannah"]
}


def first_name_gender(word: str) -> str | None:
    """"m" or "f" for a known first name (either script), else None."""
    low = word.lower()
    hit = _BG.get(low)
    if hit is not None:
        return hit[1]
    return _EN.get(low)


def english_first_name(word: str) -> str | None:
    """The usual English form of a Bulgarian-spelt first name ("Джон" -> "John"), else None."""
    hit = _BG.get(word.lower())
    return hit[0] if hit is not None else None
