"""The ceremony and after: winner list and diplomas, the results archive, feedback reports."""
