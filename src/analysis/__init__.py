"""西市区法治建设工作报告分析工作台：部门报送表的读取、清洗、指标与图表。"""

import os

# openpyxl writes other XML bytes when lxml is installed (python-docx brings it): the sample
# workbooks and the report's tables must be byte-identical on every machine, so openpyxl always
# uses its own writer in this package's processes (set before openpyxl is first imported).
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
