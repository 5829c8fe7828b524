"""A negative corpus: workbooks found beside the ledgers in real folders that are none of ours.

Modelled on public spreadsheets of the kinds issue 19 lists (statistics downloads with month rows
of 2002, national statistics by year, civil-service hire lists and recruitment position tables, a
university list, staff and teacher rosters, sign-in sheets, bank and telecom reports, a
defect-tracker export, import templates of other government systems, an archive catalogue dated
in the 民国 calendar, a training register). Kept apart from the package's tables: nothing here is
read by the cleaner's resources, and the wordings were written from the public originals' kinds,
not from ``src/analysis/resources``.

    python -m tests.negative.generate OUT_DIR [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红燕婷雪琳建国志鹏飞宇浩然晨阳"
SCHOOLS = ["北京大学", "武汉大学", "吉林大学", "东北师范大学", "辽宁大学", "沈阳师范大学", "大连理工大学", "中国政法大学",
           "西南政法大学", "华东政法大学", "哈尔滨工业大学", "长春理工大学"]
UNITS = ["市财政局", "县人力资源和社会保障局", "市统计局", "区市场监督管理局", "县自然资源局", "市生态环境局",
         "区税务局第一税务所", "县农业农村局", "市教育局", "区卫生健康局"]
POSTS = ["科员", "一级科员", "四级主任科员", "办事员", "综合管理岗", "财务会计", "信息技术岗"]
MONTHS = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id(rng: random.Random) -> str:
    body = f"{rng.randint(110000, 659000)}{rng.randint(1965, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return body + rng.choice("0123456789X")


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"


def _book(path: Path, sheets: list[tuple]) -> None:
    """Write sheets of (name, title lines, header rows, data rows[, merged ranges such as "A2:C2"])."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, titles, headers, rows, *merged in sheets:
        ws = wb.create_sheet(name)
        for t in titles:
            ws.append([t])
        for h in headers:
            ws.append(h)
        for r in rows:
            ws.append(r)
        for cells in merged[0] if merged else ():
            ws.merge_cells(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def hire_list(rng: random.Random) -> tuple[str, list]:
    rows = [[k + 1, _name(rng), rng.choice("男女"), _id(rng), rng.choice(UNITS), rng.choice(POSTS), rng.choice(SCHOOLS),
             rng.choice(["本科", "硕士研究生"]), ""] for k in range(rng.randint(15, 40))]
    return "2023年度考试录用公务员拟录用人员名单.xlsx", [(
        "拟录用名单", ["2023年度考试录用公务员拟录用人员名单（第一批）"],
        [["序号", "姓名", "性别", "身份证号", "工作单位", "拟录用职位", "毕业院校", "学历", "备注"]], rows)]


def telecom_months(rng: random.Random) -> tuple[str, list]:
    products = ["程控交换机", "移动通信基站设备", "光通信设备", "固定电话机", "移动电话机", "传真机"]
    rows = [[p, "部" if "机" in p else "台", *[rng.randint(10000, 4_000_000) for _ in MONTHS]] for p in products]
    return "2002年通信设备产量月度统计.xls.xlsx", [(
        "产量", ["2002年全国通信设备主要产品产量", "单位：台、部"], [["产品名称", "计量单位", *MONTHS]], rows)]


def month_rows(rng: random.Random) -> tuple[str, list]:
    rows = [[m, round(rng.uniform(50, 900), 1), round(rng.uniform(-20, 30), 1), round(rng.uniform(500, 9000), 1)] for m in MONTHS]
    return "2002年电信业务收入.xlsx", [(
        "Sheet1", ["2002年电信业务收入情况"], [["月份", "本月收入（亿元）", "同比增长（%）", "累计收入（亿元）"]], rows)]


def national_years(rng: random.Random) -> tuple[str, list]:
    names = ["国内生产总值(亿元)", "第一产业增加值(亿元)", "第二产业增加值(亿元)", "第三产业增加值(亿元)", "人均国内生产总值(元)",
             "年末总人口(万人)", "城镇人口(万人)", "乡村人口(万人)", "出生率(‰)", "死亡率(‰)"]
    years = [f"{y}年" for y in range(2022, 2012, -1)]
    rows = [[n, *[round(rng.uniform(100, 1_200_000), 1) for _ in years]] for n in names]
    return "年度数据.xlsx", [("年度数据", ["数据库：年度数据", "时间：最近10年"], [["指标", *years]], rows),
                            ("Sheet2", [], [["数据来源：国家统计局"]], [])]


def positions(rng: random.Random) -> tuple[str, list]:
    rows = [[f"{rng.randint(10000, 99999)}", rng.choice(UNITS), rng.choice(POSTS), rng.randint(1, 3),
             rng.choice(["法学", "会计学", "计算机科学与技术", "汉语言文学", "不限"]), rng.choice(["本科及以上", "研究生"]),
             rng.choice(["", "中共党员", "2年以上基层工作经历"]), f"0{rng.randint(10, 999)}-{rng.randint(1000000, 9999999)}"]
            for _ in range(rng.randint(20, 60))]
    return "2024年事业单位公开招聘岗位计划表.xlsx", [(
        "岗位表", ["2024年事业单位公开招聘工作人员岗位计划表"],
        [["岗位代码", "招聘单位", "岗位名称", "招聘人数", "专业", "学历要求", "其他条件", "咨询电话"]], rows)]


def university_list(rng: random.Random) -> tuple[str, list]:
    rows = [[k + 1, s, f"41{rng.randint(10000000, 99999999)}", rng.choice(["教育部", "辽宁省", "吉林省"]),
             rng.choice(["沈阳市", "大连市", "长春市", "北京市"]), rng.choice(["本科", "专科"]), rng.choice(["", "民办"])]
            for k, s in enumerate(SCHOOLS)]
    return "全国普通高等学校名单.xlsx", [(
        "名单", ["全国普通高等学校名单"], [["序号", "学校名称", "学校标识码", "主管部门", "所在地", "办学层次", "备注"]], rows)]


def teacher_roster(rng: random.Random) -> tuple[str, list]:
    schools = ["实验小学", "第一中学", "第二中学", "育才小学", "朝阳中学"]
    rows = [[k + 1, rng.choice(schools), _name(rng), rng.choice(["校长", "副校长", "教导主任", "班主任", "教师"]),
             _phone(rng), ""] for k in range(rng.randint(15, 40))]
    return "教职工花名册.xlsx", [("花名册", ["教职工花名册"], [["序号", "学校", "姓名", "职务", "联系电话", "备注"]], rows)]


def staff_roster(rng: random.Random) -> tuple[str, list]:
    rows = [[k + 1, _name(rng), rng.choice("男女"), rng.choice(["综合科", "财务科", "办公室", "信息中心"]),
             rng.choice(POSTS), _phone(rng), dt.date(rng.randint(1995, 2022), rng.randint(1, 12), rng.randint(1, 28))]
            for k in range(rng.randint(15, 50))]
    return "在职人员花名册.xlsx", [("Sheet1", [], [["序号", "姓名", "性别", "部门", "职务", "联系电话", "入职日期"]], rows)]


def sign_in(rng: random.Random) -> tuple[str, list]:
    rows = [[k + 1, _name(rng), rng.choice(UNITS), rng.choice(POSTS), _phone(rng), ""] for k in range(rng.randint(10, 30))]
    return "会议签到表.xlsx", [("签到表", ["全市统计工作会议签到表", "时间：2025年3月12日  地点：市政府三楼会议室"],
                               [["序号", "姓名", "单位", "职务", "联系电话", "签名"]], rows)]


def bank_report(rng: random.Random) -> tuple[str, list]:
    items = ["现金及存放中央银行款项", "存放同业款项", "拆出资金", "发放贷款和垫款", "交易性金融资产", "固定资产", "其他资产", "资产总计"]
    rows = [[it, k + 1, round(rng.uniform(1e6, 9e8), 2), round(rng.uniform(1e6, 9e8), 2)] for k, it in enumerate(items)]
    return "资产负债表（银行）.xlsx", [("资产负债表", ["资产负债表", "编制单位：某农村商业银行  2024年12月31日  单位：元"],
                                       [["项目", "行次", "期初余额", "期末余额"]], rows)]


def defect_export(rng: random.Random) -> tuple[str, list]:
    rows = [[f"BUG-{1000 + k}", rng.choice(["登录页面报错", "导出Excel乱码", "列表分页错误", "权限校验缺失", "统计口径不一致"]),
             rng.choice(["新建", "处理中", "已解决", "已关闭", "重新打开"]), rng.choice(["高", "中", "低"]), _name(rng),
             dt.datetime(2024, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 18)),
             dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 18))] for k in range(rng.randint(20, 60))]
    return "缺陷列表导出.xlsx", [("缺陷", [], [["缺陷编号", "标题", "状态", "严重程度", "指派给", "创建时间", "更新时间"]], rows)]


def enterprise_import(rng: random.Random) -> tuple[str, list]:
    rows = [[f"91{rng.randint(10**15, 10**16 - 1)}", f"{rng.choice(['辽宁', '沈阳', '大连'])}{rng.choice(['华信', '东方', '远大'])}"
             f"{rng.choice(['科技', '商贸', '建设'])}有限公司", _name(rng), rng.randint(50, 5000),
             dt.date(rng.randint(2000, 2023), rng.randint(1, 12), rng.randint(1, 28)), rng.choice(UNITS)]
            for _ in range(rng.randint(10, 30))]
    return "市场主体导入模板.xlsx", [("导入模板", [], [["统一社会信用代码", "企业名称", "法定代表人", "注册资本（万元）", "成立日期", "登记机关"]], rows),
                                      ("填写说明", ["1. 统一社会信用代码为18位", "2. 注册资本单位为万元"], [], [])]


def archive_catalogue(rng: random.Random) -> tuple[str, list]:
    years = ["民国三十六年", "民国三十七年", "民国二十五年"]
    rows = [[f"L1-{rng.randint(1, 9)}-{k + 1}", rng.choice(["关于征收田赋的呈文", "县政府训令", "户籍册"]),
             f"{rng.choice(years)}{rng.randint(1, 12)}月{rng.randint(1, 28)}日", rng.randint(1, 80), ""] for k in range(rng.randint(10, 30))]
    return "档案案卷目录.xlsx", [("目录", ["全宗案卷目录"], [["档号", "题名", "日期", "页数", "备注"]], rows)]


def old_dates(rng: random.Random) -> tuple[str, list]:
    rows = [[k + 1, rng.choice(["甲", "乙", "丙"]) + "项目", dt.date(1992, rng.randint(1, 12), rng.randint(1, 28)),
             rng.randint(1, 200), round(rng.uniform(1, 500), 2), ""] for k in range(rng.randint(10, 30))]
    return "1992年基建项目登记.xlsx", [("项目", ["1992年基本建设项目登记表"], [["序号", "项目名称", "开工日期", "人数", "投资（万元）", "备注"]], rows)]


def training_register(rng: random.Random) -> tuple[str, list]:
    rows = [[k + 1, dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)), rng.choice(["财务制度培训", "公文写作培训", "消防安全培训"]),
             rng.choice(["三楼会议室", "培训中心"]), rng.randint(10, 80), _name(rng)] for k in range(rng.randint(8, 20))]
    return "职工培训登记表.xlsx", [("培训", ["2025年职工培训登记表"], [["序号", "培训日期", "培训内容", "培训地点", "参训人数", "负责人"]], rows)]


def subsidy_list(rng: random.Random) -> tuple[str, list]:
    rows = [[k + 1, _name(rng), _id(rng), rng.choice(["一组", "二组", "三组"]) + "村", rng.randint(200, 3000), _phone(rng), ""]
            for k in range(rng.randint(15, 40))]
    return "耕地地力保护补贴发放花名册.xlsx", [("发放表", ["2025年耕地地力保护补贴发放花名册"],
                                                 [["序号", "户主姓名", "身份证号", "村组", "补贴金额（元）", "联系电话", "备注"]], rows)]


def telecom_regions(rng: random.Random) -> tuple[str, list]:
    regions = ["和平区", "沈河区", "大东区", "皇姑区", "铁西区", "浑南区", "于洪区"]
    rows = [[r, rng.randint(10, 90), rng.randint(50, 400), rng.randint(5, 60), round(rng.uniform(70, 99), 1)] for r in regions]
    return "通信业务分地区统计.xlsx", [("分地区", ["2024年通信业务分地区统计", "单位：万户"],
                                         [["地区", "固定电话用户", "移动电话用户", "宽带接入用户", "5G覆盖率（%）"]], rows)]


def power_by_unit(rng: random.Random) -> tuple[str, list]:
    units = ["区财政局", "区统计局", "区教育局", "区卫生健康局", "区市场监督管理局"]
    months = [f"{m}月" for m in range(1, 13)]
    rows = [[u, *[rng.randint(800, 9000) for _ in months]] for u in units]
    return "2025年各单位用电量月度统计.xlsx", [(
        "用电量", ["2025年区直机关各单位用电量统计", "单位：千瓦时"], [["单位", *months]], rows)]


def staff_structure(rng: random.Random) -> tuple[str, list]:
    """An HR system's staff-structure export (SpreadsheetML in the original): bands of blocks of
    (category, 人数, 百分比) under merged group headers, three side by side (政治面貌分布, 学历分布,
    层级分布; 司龄, 年龄, 性别), then single ones down to a 部门分布 block of the company's departments."""
    bands = [
        [("政治面貌分布", "政治面貌", ["中共党员", "群众", "团员", "预备党员", "民主党派"]),
         ("学历分布", "学历", ["高中", "中专", "专科", "本科", "硕士", "博士"]),
         ("层级分布", "层级", ["高层", "中层", "基层"])],
        [("司龄分布（年）", "工龄年限", ["1年及其以下", "1年以上3年以下", "3年以上5年以下", "5年以上10年以下", "10年以上"]),
         ("年龄分布", "年龄区间", ["≤20", "20-30", "31-40", "41-50", "51-60"]),
         ("性别分布", "性别", ["男", "女"])],
        [("技术类型分布", "技术类型", ["Android", "IOS", "JAVA", "Web", "UI设计", "测试"])],
        [("部门分布", "部门", ["总裁办", "法务部", "行政部", "人事部", "企划部", "市场部", "产品部", "销售部", "技术部",
                             "财务部"])],
    ]
    rows: list[list[object]] = [[], []]
    merged = []
    for band in bands:
        top: list[object] = []
        sub: list[object] = []
        for k, (group, label, _) in enumerate(band):
            top += [group, None, None, None]
            sub += [label, "人数", "百分比", None]
            merged.append(f"{'AEI'[k]}{len(rows) + 1}:{'CGK'[k]}{len(rows) + 1}")
        rows += [top, sub]
        for i in range(max(len(kinds) for _, _, kinds in band)):
            row: list[object] = []
            for _, _, kinds in band:
                row += [kinds[i], rng.choice((0, 0, 0, 1, 2, 5)), None, None] if i < len(kinds) else [None] * 4
            rows.append(row)
        rows.append([])
    return "员工结构分析.xlsx", [("员工结构分析总表", [], [], rows, merged)]


def _day(rng: random.Random, year: int = 2025) -> dt.date:
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def volunteer_register(rng: random.Random) -> tuple[str, list]:
    """A youth league's volunteer-service register of the report year: 活动名称 + 参与人数 (no 普法)."""
    rows = [[i + 1, _day(rng), rng.choice(["关爱老人志愿服务", "垃圾分类宣传", "文明交通劝导", "义务植树"]),
             rng.choice(["幸福社区", "人民公园", "第三小学门口"]), rng.randint(5, 50), rng.randint(2, 8), _name(rng)]
            for i in range(15)]
    return "志愿服务活动记录.xlsx", [("Sheet1", ["2025年志愿服务活动记录"],
                                    [["序号", "活动日期", "活动名称", "活动地点", "参与人数", "服务时长（小时）", "负责人"]], rows)]


def party_meetings(rng: random.Random) -> tuple[str, list]:
    """A party branch's 三会一课 record: 学习内容 + 参加人数 + 地点 (no 法治教育)."""
    rows = [[i + 1, _day(rng), rng.choice(["支部党员大会", "支委会", "党小组会", "党课"]),
             rng.choice(["学习党的二十届三中全会精神", "学习纪律处分条例", "主题党日活动"]), _name(rng),
             rng.randint(8, 30), "三楼会议室"] for i in range(12)]
    return "党支部三会一课记录.xlsx", [("Sheet1", ["2025年党支部“三会一课”记录"],
                                     [["序号", "日期", "会议类型", "学习内容", "主持人", "参加人数", "地点"]], rows)]


def visits_register(rng: random.Random) -> tuple[str, list]:
    """A petition office's visitors' register: 问题类别 of its own, 办理结果, 责任单位 (no 矛盾纠纷)."""
    rows = [[i + 1, _day(rng), _name(rng), _phone(rng), "小区物业管理问题",
             rng.choice(["物业管理", "劳动保障", "城乡建设"]), rng.choice(["已办结", "办理中"]), rng.choice(UNITS)]
            for i in range(15)]
    return "2025年来访登记.xlsx", [("Sheet1", ["2025年来访登记台账"],
                                  [["序号", "登记日期", "来访人", "联系电话", "反映问题", "问题类别", "办理结果", "责任单位"]],
                                  rows)]


def arbitration_cases(rng: random.Random) -> tuple[str, list]:
    """A labour-arbitration case register: 案号, 申请人, 被申请人, 结案方式 as a 行政复议 register has."""
    rows = [[i + 1, f"区劳人仲案字〔2025〕{i + 1}号", _day(rng), _name(rng), f"某某商贸有限公司{i + 1}",
             rng.choice(["劳动报酬", "解除劳动合同", "工伤保险"]), rng.choice(["调解", "裁决", "撤诉"]), _day(rng)]
            for i in range(15)]
    return "劳动争议仲裁案件.xlsx", [("Sheet1", ["2025年劳动人事争议仲裁案件登记"],
                                    [["序号", "案号", "立案日期", "申请人", "被申请人", "争议类型", "结案方式", "结案日期"]],
                                    rows)]


def mayor_mailbox(rng: random.Random) -> tuple[str, list]:
    """A mayor's-mailbox export of the report year: 编号, 承办单位, 办理状态 as a 12345 ledger has, no title."""
    rows = [[f"XX2025{i:05d}", _day(rng), _name(rng), _phone(rng), "道路破损", rng.choice(["咨询", "投诉", "建议"]),
             rng.choice(UNITS), rng.choice(["已办结", "办理中"]), _day(rng)] for i in range(15)]
    return "市长信箱来信.xlsx", [("Sheet1", [], [["编号", "来信时间", "来信人", "联系电话", "信件标题", "信件类型",
                                               "承办单位", "办理状态", "回复时间"]], rows)]


MAKERS = [hire_list, telecom_months, month_rows, national_years, positions, university_list, teacher_roster,
          staff_roster, sign_in, bank_report, defect_export, enterprise_import, archive_catalogue, old_dates,
          training_register, subsidy_list, telecom_regions, power_by_unit, staff_structure,
          volunteer_register, party_meetings, visits_register, mayor_mailbox]


def generate(out_dir: Path, seed: int = 1) -> list[Path]:
    """Write one workbook of every kind under ``out_dir`` (departments' folders), return the paths."""
    rng = random.Random(seed)
    folders = ["区统计局", "区教育局", "区人社局", "区财政局", "区司法局"]
    written = []
    for make in MAKERS:
        name, sheets = make(rng)
        path = Path(out_dir) / rng.choice(folders) / name
        _book(path, sheets)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for p in generate(Path(args.out_dir), args.seed):
        print(p)


if __name__ == "__main__":
    main()
