"""Plan knowledge: parsing plan documents, deadlines, units, text folding, search and question answering.

Pure Python: nothing here imports a chat library.
"""
