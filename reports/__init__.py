"""PDF documents built with ReportLab from plain, read-only data (see ``reports.data``)."""
