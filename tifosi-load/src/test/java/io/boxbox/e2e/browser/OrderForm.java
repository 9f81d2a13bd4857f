package io.boxbox.e2e.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

/**
 * The order page's form, as a person uses it, through the DOM contract: {@code form#order-form}
 * with controls named as the order's fields ({@code username}, {@code size}, {@code border},
 * {@code quantity}, {@code order_type}, {@code destination}, checkboxes {@code toppings}), the
 * place also pickable on {@code svg#paddock-map [data-place]}, submit {@code #place-order}, and
 * each field's error in {@code [data-error-for=<field>]}.
 */
public final class OrderForm {

    private final WebDriver driver;
    private final WebDriverWait wait;

    public OrderForm(WebDriver driver, Duration patience) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, patience);
    }

    /** Waits until the form is built from the menu (the toppings are there). */
    public OrderForm ready() {
        wait.withMessage("the order form built from GET /v1/menu (toppings checkboxes)")
                .until(d -> !d.findElements(By.cssSelector("#order-form [name=toppings]")).isEmpty());
        return this;
    }

    public WebElement control(String name) {
        return driver.findElement(By.cssSelector("#order-form [name=" + name + "]"));
    }

    /** Types into a text field, picks an option of a select or clicks the radio of that value. */
    public OrderForm set(String name, String value) {
        WebElement control = control(name);
        switch (control.getTagName().toLowerCase()) {
            case "select" -> new Select(control).selectByValue(value);
            default -> {
                String type = String.valueOf(control.getAttribute("type")).toLowerCase();
                if (type.equals("radio")) {
                    WebElement radio = driver.findElement(By.cssSelector("#order-form [name=" + name + "][value='" + value + "']"));
                    centre(radio);
                    radio.click();
                } else {
                    centre(control);
                    control.clear();
                    control.sendKeys(value);
                }
            }
        }
        return this;
    }

    public OrderForm toppings(String... toppings) {
        for (String topping : toppings) {
            WebElement box = driver.findElement(By.cssSelector("#order-form [name=toppings][value='" + topping + "']"));
            if (!box.isSelected()) {
                // as a person scrolls it into view: at the top edge, the page's sticky navigation covers it
                centre(box);
                box.click();
            }
        }
        return this;
    }

    /** Picks the place on the paddock map instead of the list. */
    public OrderForm pickOnMap(String place) {
        WebElement spot = driver.findElement(By.cssSelector("svg#paddock-map [data-place='" + place + "']"));
        centre(spot);
        spot.click();
        return this;
    }

    /** Lets the gateway judge the form: the browser's own checks (required, pattern) stand aside. */
    public OrderForm withoutBrowserChecks() {
        ((JavascriptExecutor) driver).executeScript("document.querySelector('#order-form').noValidate = true;");
        return this;
    }

    public void submit() {
        WebElement button = driver.findElement(By.cssSelector("#place-order"));
        centre(button);
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
    }

    private void centre(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    /** The shown error of {@code field}, once it appears. */
    public WebElement errorOf(String field) {
        return wait.withMessage("an error shown in [data-error-for=" + field + "]").until(d -> {
            List<WebElement> slots = d.findElements(By.cssSelector("[data-error-for='" + field + "']"));
            return slots.stream().filter(slot -> slot.isDisplayed() && !slot.getText().isBlank()).findFirst().orElse(null);
        });
    }
}
