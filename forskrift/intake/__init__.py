"""Intake: the xlsx template generated from the schemas, and `forskrift import` of filled workbooks."""
