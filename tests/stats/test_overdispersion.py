"""Over-dispersion (Spiegelhalter 2005): hand-computed formulas and simulated behaviour."""
import numpy as np
import pytest
from scipy import stats

from phso_insight_plugin.errors import InputError
from phso_insight_plugin.stats.overdispersion import Overdispersion, estimate_overdispersion, winsorise
from phso_insight_plugin.stats.significance import z_scores
from phso_insight_plugin.stats.tiers import tiers_from_z

# z = 2(sqrt(O) - sqrt(E)) = 4, -2, 0, 2; s = 1/(2 sqrt(E)) so w = 1/s^2 = 4E = 16, 64, 100, 400.
HAND_O = np.array([16.0, 9.0, 25.0, 121.0])
HAND_E = np.array([4.0, 16.0, 25.0, 100.0])
HAND_PHI = (16 + 4 + 0 + 4) / 4
HAND_TAU2 = (4 * HAND_PHI - 3) / (580 - (16**2 + 64**2 + 100**2 + 400**2) / 580)


def n_flagged(z: np.ndarray) -> int:
    return int((tiers_from_z(z).to_numpy(dtype=float, na_value=0) != 0).sum())


def simulated(seed: int, log_sd: float = 0.0, n: int = 2000):
    """Expected counts spread 5-200; observed Poisson around E times a log-normal area effect."""
    rng = np.random.default_rng(seed)
    e = rng.uniform(5, 200, n)
    return rng.poisson(e * np.exp(rng.normal(0, log_sd, n))), e


def test_phi_is_mean_squared_z_without_winsorising():
    assert estimate_overdispersion(HAND_O, HAND_E, winsor=0).phi == pytest.approx(HAND_PHI)


def test_tau2_follows_dersimonian_laird_hand_computation():
    fit = estimate_overdispersion(HAND_O, HAND_E, winsor=0)
    assert fit.tau2 == pytest.approx(HAND_TAU2, rel=1e-12)
    assert fit.tau2 == pytest.approx(0.0751629, rel=1e-6)
    assert fit.n_areas == 4


def test_additive_adjustment_adds_tau2_to_the_sampling_variance():
    fit = estimate_overdispersion(HAND_O, HAND_E, winsor=0)
    # area 0: y = sqrt(16/4) = 2, theta0 = 1, s^2 = 1/16
    assert fit.adjusted_z(HAND_O, HAND_E, "additive")[0] == pytest.approx(1 / np.sqrt(1 / 16 + HAND_TAU2))


def test_multiplicative_adjustment_divides_z_by_root_phi():
    fit = estimate_overdispersion(HAND_O, HAND_E, winsor=0)
    np.testing.assert_allclose(fit.adjusted_z(HAND_O, HAND_E, "multiplicative"),
                               np.array([4.0, -2.0, 0.0, 2.0]) / np.sqrt(HAND_PHI))


def test_phi_at_most_one_leaves_z_unchanged():
    fit = Overdispersion(phi=0.7, tau2=0.0, n_areas=10)
    np.testing.assert_allclose(fit.adjusted_z(HAND_O, HAND_E, "multiplicative"), z_scores(HAND_O, HAND_E))


def test_winsorising_clips_to_10th_and_90th_percentiles():
    z = np.arange(11.0)  # percentiles 10% = 1, 90% = 9 by linear interpolation
    np.testing.assert_array_equal(winsorise(z, 0.1), [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9])


def test_phi_uses_winsorised_z_scores():
    k = np.arange(11.0)
    o, e = (5 + k / 2) ** 2, np.full(11, 25.0)  # z = 2(sqrt(O) - 5) = k
    phi = estimate_overdispersion(o, e, winsor=0.1).phi
    assert phi == pytest.approx((1 + 1 + 4 + 9 + 16 + 25 + 36 + 49 + 64 + 81 + 81) / 11)


def test_areas_without_expected_cases_are_left_out():
    fit = estimate_overdispersion(np.append(HAND_O, 3), np.append(HAND_E, 0), winsor=0)
    assert fit.n_areas == 4 and fit.phi == pytest.approx(HAND_PHI)


def test_log_scale_drops_zero_counts():
    fit = estimate_overdispersion([0, 8, 2, 5], [4, 4, 4, 4], transform="log", winsor=0)
    assert fit.n_areas == 3


def test_overdispersed_data_give_phi_above_one_and_positive_tau2():
    o, e = simulated(seed=11, log_sd=0.2)
    fit = estimate_overdispersion(o, e)
    assert fit.phi > 2 and fit.tau2 > 0


@pytest.mark.parametrize("method", ["multiplicative", "additive"])
def test_allowing_for_overdispersion_reduces_the_number_flagged(method):
    o, e = simulated(seed=12, log_sd=0.2)
    fit = estimate_overdispersion(o, e)
    assert n_flagged(fit.adjusted_z(o, e, method)) < 0.5 * n_flagged(z_scores(o, e))


def test_pure_poisson_data_give_phi_near_one_without_winsorising():
    o, e = simulated(seed=13)  # Monte Carlo sd of phi here is about 0.036
    assert estimate_overdispersion(o, e, winsor=0).phi == pytest.approx(1.0, abs=0.15)


def test_pure_poisson_data_give_winsorised_phi_near_its_null_value_and_no_adjustment():
    """Winsorising at 10% shrinks the mean z^2 of N(0, 1) scores to c = 0.679, not 1."""
    q = 0.10
    zq = stats.norm.ppf(1 - q)
    null_value = (1 - 2 * q) - 2 * zq * stats.norm.pdf(zq) + 2 * q * zq**2
    o, e = simulated(seed=14)  # Monte Carlo sd of phi here is about 0.027
    fit = estimate_overdispersion(o, e, winsor=q)
    assert fit.phi == pytest.approx(null_value, abs=0.1)
    assert fit.tau2 == 0.0
    np.testing.assert_allclose(fit.adjusted_z(o, e, "multiplicative"), z_scores(o, e))


def test_fewer_than_two_usable_areas_is_an_error_saying_how_many():
    with pytest.raises(InputError, match="only 1 of 3"):
        estimate_overdispersion([3, 4, 5], [0, 0, 5])


def test_winsor_fraction_must_be_below_one_half():
    with pytest.raises(InputError, match="winsor"):
        estimate_overdispersion(HAND_O, HAND_E, winsor=0.5)


def test_unknown_adjustment_method_is_rejected():
    with pytest.raises(InputError, match="'multiplicative' or 'additive'"):
        Overdispersion(phi=2.0, tau2=0.1, n_areas=4).adjusted_z(HAND_O, HAND_E, "both")
