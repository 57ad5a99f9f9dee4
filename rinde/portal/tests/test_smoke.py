def test_home_answers_in_spanish(client, entity):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="es">' in response.text
    assert entity.name in response.text
