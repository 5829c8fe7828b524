"""Deterministic sample data: invented department submissions for 2025 (and a little 2024).

`python -m analysis sample` writes them to data/raw/<year>. Every file says it is 示例数据; all
names, identity numbers and phone numbers are invented with a seeded random generator.
"""
