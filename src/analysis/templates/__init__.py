"""Submission templates generated from the contract: ``python -m analysis templates``.

One workbook per department (a sheet per dataset it submits, resources/submissions.csv) and one
blank workbook per dataset, each with a 填表说明 sheet, protected data sheets with a validation
on every column, and a hidden ``_模板信息`` sheet by which the cleaner recognises it at once.
"""
