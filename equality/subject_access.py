"""A person's own equality answers, for their subject access export only.

Staff never see an individual's answers (`equality.queries` gives suppressed aggregates); the person the
answers belong to may. The caller proves the link by holding the subject key on the person's own record
(a membership, a join request, a consultation response).
"""

from equality.models import Answer
from equality.questions import BY_KEY


def own_answers(subject_key: str) -> dict[str, str]:
    """{question: answer}, in the words the person saw; empty if they gave none or withdrew them."""
    if not subject_key:
        return {}
    out: dict[str, str] = {}
    for question_key, value in Answer.objects.filter(subject__key=subject_key).values_list("question", "answer"):
        question = BY_KEY.get(question_key)
        if question is None:
            out[question_key] = value
        else:
            out[question.label] = dict(question.choices()).get(value, value)
    return out
