from dashboard.auth import OK, UNUSABLE, WAIT, WRONG, Throttle, editor_password, password_matches


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_passwords_match_exactly():
    assert password_matches("s3cret-пароль", "s3cret-пароль")
    assert not password_matches("s3cret", "s3cret ")
    assert not password_matches("", "s3cret")


def test_the_environment_wins_over_the_secrets_and_unset_means_open():
    assert editor_password({"BAROMETER_EDITOR_PASSWORD": "env"}, {"BAROMETER_EDITOR_PASSWORD": "sec"}) == "env"
    assert editor_password({}, {"BAROMETER_EDITOR_PASSWORD": "sec"}) == "sec"
    assert editor_password({}, None) is None
    assert editor_password({}, {}) is None


def test_set_but_empty_is_unusable_never_open():
    for environ, secrets in [({"BAROMETER_EDITOR_PASSWORD": ""}, {}), ({"BAROMETER_EDITOR_PASSWORD": "  "}, None),
                             ({"BAROMETER_EDITOR_PASSWORD": ""}, {"BAROMETER_EDITOR_PASSWORD": "sec"}),
                             ({}, {"BAROMETER_EDITOR_PASSWORD": ""}), ({}, {"BAROMETER_EDITOR_PASSWORD": "\t"})]:
        assert editor_password(environ, secrets) == UNUSABLE, (environ, secrets)


def test_each_wrong_password_doubles_the_wait_up_to_a_cap():
    clock = Clock()
    gate = Throttle(base_s=1, cap_s=5, clock=clock)
    waits = []
    for _ in range(5):
        result = gate.attempt("guess", "right")
        assert result.outcome == WRONG
        waits.append(result.wait_s)
        clock.now += result.wait_s
    assert waits == [1, 2, 4, 5, 5]


def test_while_locked_even_the_right_password_is_not_heard():
    clock = Clock()
    gate = Throttle(base_s=2, cap_s=60, clock=clock)
    gate.attempt("guess", "right")
    clock.now += 1.5
    result = gate.attempt("right", "right")
    assert (result.outcome, result.wait_s) == (WAIT, 0.5)
    clock.now += 0.5
    assert gate.attempt("right", "right").outcome == OK


def test_a_success_resets_the_delay():
    clock = Clock()
    gate = Throttle(base_s=1, cap_s=60, clock=clock)
    for _ in range(3):
        clock.now += gate.attempt("guess", "right").wait_s
    assert gate.attempt("right", "right").outcome == OK
    assert gate.attempt("guess", "right").wait_s == 1
