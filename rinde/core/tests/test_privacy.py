import pytest

from rinde.core.privacy import mask_contacts


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Llámenme al 300 123 4567.", "Llámenme al [teléfono oculto]."),
        ("Al +57 3001234567 o 604-444-5555", "Al [teléfono oculto] o [teléfono oculto]"),
        ("Escriban a ana.p+rc@gmail.com.co", "Escriban a [correo oculto]"),
        ("Fijo (604) 373 76 76, casa 3737676", "Fijo [teléfono oculto], casa [teléfono oculto]"),
        ("O al 373-7676 o al 300 123 45 67", "O al [teléfono oculto] o al [teléfono oculto]"),
        # Amounts, years and contract numbers are not contact data.
        ("Costó 3.000.000.000, no 300.000.000", "Costó 3.000.000.000, no 300.000.000"),
        ("El contrato 4600012345 de 2023", "El contrato 4600012345 de 2023"),
    ],
)
def test_contact_data_typed_in_a_public_text_is_hidden(typed, shown):
    assert mask_contacts(typed) == shown
