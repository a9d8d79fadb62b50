// The account lifecycle a new user goes through, in a real browser.
import { expect, test, type Page } from '@playwright/test';
import { ready } from './support';

test.describe.configure({ mode: 'serial' });

const admin = { email: 'owner@example.org', artist: 'Nova Lane', password: 'studio password 1' };
const member = { email: 'member@example.org', password: 'member password 1' };

async function signOut(page: Page) {
  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: /^(Sign out|Abmelden)$/ }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test('first run creates the administrator', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await ready(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Artist name').fill(admin.artist);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Confirm password').fill(admin.password);
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await expect(page.getByText(`Hello, ${admin.artist}`)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await signOut(page);
});

test('a second user registers and signs out', async ({ page }) => {
  await page.goto('/login');
  await ready(page);
  await page.getByRole('link', { name: 'Create one' }).click();
  await expect(page).toHaveURL(/\/register$/);
  await ready(page);
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password', { exact: true }).fill(member.password);
  await page.getByLabel('Confirm password').fill(member.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`Hello, ${member.email}`)).toBeVisible();
  await signOut(page);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=\/profile$/);
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login/);
});

test('sign in, switch to German, and it sticks after a reload', async ({ page }) => {
  await page.goto('/login?next=/profile');
  await ready(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'Personal details' })).toBeVisible();

  await page.getByRole('button', { name: 'DE' }).click();
  await expect(page.getByRole('heading', { name: 'Persönliche Angaben' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Persönliche Angaben' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  await signOut(page);
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
});

test('the profile language follows the user to a fresh browser', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await ready(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Hallo, ${admin.artist}`)).toBeVisible();
  await context.close();
});

test('keyboard shortcuts: ? lists them, g p goes to the profile', async ({ page }) => {
  test.skip(test.info().project.use.javaScriptEnabled === false, 'shortcuts need JavaScript');
  await page.goto('/login');
  await ready(page);
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: /^(Sign in|Anmelden)$/ }).click();
  await expect(page.locator('.main-nav')).toBeVisible();
  await page.locator('main').click();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page).toHaveURL(/\/profile$/);
});
