#!/usr/bin/env python3
"""Writes common-passwords.txt, the passwords Crisis refuses as too common (PasswordRules).

Built without a download, from the shapes that head every published leak list: the best-known leaked passwords,
digit runs and repeats, keyboard walks, words and names followed by a year or a digit run, and Chinese pinyin
favourites. Entries are lower case (the check ignores case) and sorted. Run: python3 common-passwords.py
"""
import os

WORDS = """password passw0rd p@ssw0rd p@ssword pa55word passwort motdepasse contrasena qwerty azerty qwertz iloveyou
admin administrator root toor guest user login welcome letmein trustno1 monkey dragon master shadow sunshine princess
football baseball basketball soccer hockey superman batman spiderman starwars pokemon computer internet secret freedom
whatever hello hellokitty charlie jordan michael jennifer hunter ranger buster tigger thomas robert daniel andrew
jessica ashley michelle amanda nicole summer winter spring autumn flower orange banana apple cookie chocolate pepper
ginger maggie bailey killer asshole fuckyou fuckoff biteme matrix mustang harley corvette ferrari porsche mercedes
samsung google facebook microsoft windows linux ubuntu changeme default nothing blahblah access master123 mynoob
zaq12wsx qazwsx qweasd asdasd zxczxc abc abcd abcdef abcdefg abcdefgh abcdefghijkl love lovely loveme iloveu
baby babygirl angel angels sweet sweety honey cheese pizza coffee money dollar lucky lucky7 silver golden diamond
star stars heaven jesus christ god blessed faith hope peace liberty america canada london paris berlin china beijing
shanghai taiwan hongkong tokyo china123 woaini woaini1314 wodemima mima zhongguo aini1314 5201314 1314520 woshishui
nihao nihao123 qq123456 asd123 qwe123 zxc123 aaa111 abc123 abc1234 abc12345 1q2w3e 1q2w3e4r 1qaz2wsx q1w2e3r4
a1b2c3 a1b2c3d4 test test123 testing tester demo sample example company office business manager support service
security system server network database backup crisis incident emergency recovery office365 summer2020 welcome1
iloveyou1 princess1 monkey1 dragon1 letmein1 shadow1 master1 sunshine1 football1 baseball1 superman1 qwerty1
starwars1 whatever1 charlie1 donald trump obama soccer1 jordan23 killer1 hunter2 pass pass123 pass1234 passpass
secret123 letmein123 welcome123 admin123 admin1234 root123 guest123 user123 changeme123 temp temp123 temporary
newpassword newpass mypassword mypass yourpassword thepassword password1234 passwordpassword iloveyouiloveyou
qwertyqwerty asdfasdf zxcvzxcv 1234qwer qwer1234 asdf1234 zxcv1234 1qazxsw2 qazxswedc mnbvcxz poiuytrewq lkjhgfdsa
""".split()

NAMES = """james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander patrick
jack dennis jerry tyler aaron henry adam peter nathan zachary kyle walter harold jeremy ethan carl keith roger
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
sophie sophia lucas louis hugo chloe lea manon camille marie pierre jean luc nicolas julien thierry
wei wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao mei ming hui jun hong
""".split()

YEARS = [str(y) for y in range(1960, 2031)]
RECENT_YEARS = [str(y) for y in range(1990, 2031)]
SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "!", "!!", "1!",
            "123!", "@123", "#1", "01", "007", "69", "88", "666", "888", "520", "1314", "2000", "0000", "111", "321"]
SEPARATORS = ["", ".", "_", "-", "@"]
WALKS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "0987654321", "qazwsxedcrfv", "1qaz2wsx3edc4rfv",
         "1q2w3e4r5t6y7u8i", "q1w2e3r4t5y6", "zaq1xsw2cde3", "!qaz@wsx#edc", "1qaz@wsx", "!qaz2wsx", "qwer!@#$",
         "!@#$%^&*()", "qweasdzxc", "147258369", "159753", "789456123", "741852963", "963852741", "123qweasdzxc",
         "asdfghjklqwertyuiop", "zxcvbnmasdfghjkl", "qwertyuiopasdfghjkl", "poiuytrewqlkjhgfdsa", "1qazxsw23edcvfr4"]


def digit_runs():
    for length in range(4, 17):
        yield "".join(str((i + 1) % 10) for i in range(length))          # 1234567890...
        yield "".join(str((10 - i) % 10) for i in range(length))         # 0987...
        yield "".join(str((9 - i) % 10) for i in range(length))          # 9876...
        for digit in "0123456789":
            yield digit * length
        for pair in ["12", "123", "1234", "01", "69", "11", "520", "1314", "2580"]:
            yield (pair * length)[:length]


def walk_prefixes():
    for walk in WALKS:
        for length in range(6, len(walk) + 1):
            yield walk[:length]
        yield walk + walk[:4]
        for suffix in SUFFIXES[:8]:
            yield walk + suffix


def word_variants(words):
    for word in words:
        for suffix in SUFFIXES:
            yield word + suffix
        for separator in SEPARATORS[1:]:
            yield word + separator + "123"
        for year in RECENT_YEARS:
            yield word + year
        yield word + word
        yield word[::-1]
        yield "1" + word
        yield "123" + word


def name_variants(names):
    for name in names:
        for year in YEARS:
            yield name + year
        for suffix in SUFFIXES:
            yield name + suffix
        yield name + "love"
        yield "iloveyou" + name
        yield "i" + "love" + name


def all_passwords():
    yield from digit_runs()
    yield from walk_prefixes()
    yield from word_variants(WORDS)
    yield from name_variants(NAMES)


def main():
    passwords = sorted({p.lower() for p in all_passwords() if p.strip()})
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "common-passwords.txt")
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Passwords Crisis refuses as too common, one a line, lower case. Made by common-passwords.py\n")
        out.write("# from well-known leaked passwords, digit runs, keyboard walks, words and names with years; no download.\n")
        for password in passwords:
            out.write(password + "\n")
    print(f"{len(passwords)} passwords written to {target}")


if __name__ == "__main__":
    main()
