"""Invented people: names, GB 11643 identity numbers and phone numbers, from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海燕波宁晨浩然"
    "凯欣悦婷雪梅春雨佳琪子轩思远博文立新振宇文静雅琴德胜永福长青树林家豪俊峰晓东丹阳"
)
# Invented district prefixes of the 2101xx form.
REGIONS = ("210102", "210103", "210104", "210105", "210106", "210111", "210112")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits."""
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def wrong_check_digit(id_number: str) -> str:
    """The same number with a check character that does not fit."""
    right = id_number[-1]
    wrong = next(c for c in "0123456789" if c != right)
    return id_number[:-1] + wrong


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    sex: str
    birth: date


class PeopleFactory:
    """Hands out distinct invented people; the same seed gives the same people in order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids: set[str] = set()

    def name(self) -> str:
        given = "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def phone(self) -> str:
        return (
            "1" + self.rng.choice("3589") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )

    def person(self, born_from: int = 1965, born_to: int = 2000) -> Person:
        while True:
            birth = date(born_from, 1, 1) + timedelta(
                days=self.rng.randrange((date(born_to, 12, 31) - date(born_from, 1, 1)).days)
            )
            sequence = self.rng.randrange(1, 999)
            first17 = f"{self.rng.choice(REGIONS)}{birth:%Y%m%d}{sequence:03d}"
            id_number = first17 + check_digit(first17)
            if id_number not in self.ids:
                self.ids.add(id_number)
                break
        sex = "男" if sequence % 2 else "女"
        return Person(self.name(), id_number, self.phone(), sex, birth)

    def person_with_x(self) -> Person:
        """A person whose identity number ends in X (about one in eleven do)."""
        while True:
            p = self.person()
            if p.id_number.endswith("X"):
                return p


def spaced(id_number: str) -> str:
    """How some forms print an identity number: 6 + 8 + 4 digits with spaces."""
    return f"{id_number[:6]} {id_number[6:14]} {id_number[14:]}"
