"""西市区法治建设工作报告分析工作台：部门报送表的读取、清洗、指标与图表。"""

import os

__version__ = "0.1.0"

# python-docx brings lxml, and with lxml installed openpyxl switches to its lxml writer, whose bytes
# differ: keep the pure-Python writer so that the committed sample workbooks stay reproducible.
os.environ.setdefault("OPENPYXL_LXML", "False")
