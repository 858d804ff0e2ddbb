"""Which error a bad call reports when several apply (initialize_locals'
order): keywords are bound before the positional count is checked, a
positional-only name passed by keyword wins over an unknown keyword, and a
mapping with a non-str key is refused before anything else."""


def attempt(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except TypeError as error:
        print(error)


def none(): pass
def one(a): pass
def kwonly(a, *, c, d=0): pass
def posonly(a, b, /, c): pass
def posonly_varkw(a, /, **rest): return rest


attempt(none, 1, x=1)
attempt(one, 1, 2, x=1)
attempt(one, 1, 2, a=1)
attempt(kwonly, 1, 2, e=1)
attempt(kwonly, 1, 2, 3, c=1)
attempt(kwonly, 1, 2, 3, c=1, d=2)
attempt(posonly, 1, a=1)
attempt(posonly, 1, 2, c=3, b=1, z=2, a=2)
attempt(posonly, 1, 2, 3, 4, c=3)
attempt(posonly, 1, 2, 3, b=1)
attempt(one, x=1, **{1: 2})
attempt(one, 1, a=1, **{1: 2})
attempt(none, **{1: 2})
print(posonly_varkw(1, a=2))
